using System;
using System.Linq;
using DigiCert.CertCentral.Serialization;

namespace DigiCert.CertCentral.Tests.Models
{
    /// <summary>
    /// The description's wire conventions (x-digicert-wire, open value sets, lists left out when
    /// empty) reach the generated C# types through the templates.
    /// </summary>
    public class WireConventionTests
    {
        [Theory]
        [InlineData("{}")]
        [InlineData("{\"certificates\":null}")]
        public void A_duplicate_list_left_out_or_null_reads_as_empty(string body)
        {
            Assert.Empty(CertCentralJson.Deserialize<DuplicateCertificateList>(body).Certificates);
        }

        [Theory]
        [InlineData("{}")]
        [InlineData("{\"validations\":null}")]
        public void A_validation_list_left_out_or_null_reads_as_empty(string body)
        {
            Assert.Empty(CertCentralJson.Deserialize<OrganizationValidationList>(body).Validations);
        }

        [Theory]
        [InlineData("9007199254740993", 9007199254740993L)]
        [InlineData("\"9007199254740993\"", 9007199254740993L)]
        [InlineData("null", null)]
        public void An_identifier_is_a_long_from_a_number_or_a_digit_string(string wire, long? expected)
        {
            var key = CertCentralJson.Deserialize<KeyInfo>(Repo.Recording("getKeyInfo.acmeUrl.json").Replace("\"organization_id\": 123456", "\"organization_id\": " + wire));

            Assert.Equal(expected, key.OrganizationId);
        }

        [Fact]
        public void An_identifier_that_is_not_a_whole_number_is_a_json_error_naming_the_path()
        {
            var error = Assert.ThrowsAny<Newtonsoft.Json.JsonException>(() =>
                CertCentralJson.Deserialize<KeyInfo>(Repo.Recording("getKeyInfo.acmeUrl.json").Replace("\"organization_id\": 123456", "\"organization_id\": \"STARS\"")));

            Assert.Contains("organization_id", error.Message);
        }

        [Fact]
        public void Role_names_are_the_glossary_names()
        {
            Assert.Equal(
                new[] { (0, "Unrestricted"), (100, "Orders"), (101, "OrdersDomainsOrganizations"), (102, "ViewOnly"), (103, "UserManagement") },
                typeof(ApiKeyRole).GetProperties().Where(p => p.PropertyType == typeof(ApiKeyRole)).Select(p => (((ApiKeyRole)p.GetValue(null)!).Value, p.Name)).OrderBy(r => r.Value));
            Assert.Equal(ApiKeyRole.KnownValues, new[] { ApiKeyRole.Unrestricted, ApiKeyRole.Orders, ApiKeyRole.OrdersDomainsOrganizations, ApiKeyRole.ViewOnly, ApiKeyRole.UserManagement });
        }

        [Fact]
        public void A_null_role_reads_as_no_role()
        {
            var key = CertCentralJson.Deserialize<KeyInfo>(Repo.Recording("getKeyInfo.apiKey.json").Replace("\"restricted_to_role_id\": 0", "\"restricted_to_role_id\": null"));

            Assert.Null(key.RestrictedToRoleId);
        }

        [Fact]
        public void Known_values_of_each_open_set_are_the_description_x_extensible_enum()
        {
            var schemas = Repo.LoadSpecJson()["components"]!["schemas"]!;

            Assert.Equal(schemas["CertificateStatus"]!["x-extensible-enum"]!.Select(v => (string)v!), CertificateStatus.KnownValues.Select(v => v.Value));
            Assert.Equal(schemas["KeyStatus"]!["x-extensible-enum"]!.Select(v => (string)v!), KeyStatus.KnownValues.Select(v => v.Value));
            Assert.Equal(schemas["ValidationType"]!["x-extensible-enum"]!.Select(v => (string)v!), ValidationType.KnownValues.Select(v => v.Value));
            Assert.Equal(schemas["ValidationStatus"]!["x-extensible-enum"]!.Select(v => (string)v!), ValidationStatus.KnownValues.Select(v => v.Value));
            Assert.Equal(schemas["ApiKeyRole"]!["x-extensible-enum"]!.Select(v => (int)v!), ApiKeyRole.KnownValues.Select(v => v.Value));
        }
    }
}
