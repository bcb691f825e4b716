using System;
using System.Linq;
using DigiCert.CertCentral.Serialization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.Tests.Models
{
    /// <summary>The places where the wire and the documentation disagree, one test each.</summary>
    public class QuirkTests
    {
        private static JObject Sample(string recording) => (JObject)JsonAssert.Parse(Repo.Recording(recording));

        private static T Read<T>(JToken json) => CertCentralJson.Deserialize<T>(json.ToString(Formatting.None));

        [Theory]
        [InlineData("123456")]
        [InlineData("\"123456\"")]
        public void Organization_id_is_read_as_a_number_or_a_string_of_digits(string wireValue)
        {
            var acme = Sample("getKeyInfo.acmeUrl.json");
            acme["organization_id"] = JToken.Parse(wireValue);

            Assert.Equal(123456, Read<KeyInfo>(acme).OrganizationId);
        }

        [Fact]
        public void Organization_name_is_read_from_the_wire_name_not_the_documented_misspelling()
        {
            var acme = Sample("getKeyInfo.acmeUrl.json");
            acme.Remove("organization_name");
            acme["organizatin_name"] = "STARS";

            var key = Read<KeyInfo>(acme);

            Assert.Null(key.OrganizationName);
            Assert.Equal("STARS", key.AdditionalProperties["organizatin_name"]?.ToString());
        }

        [Theory]
        [InlineData("\"0\"", "\"2\"", 0, 2)]
        [InlineData("30", "1", 30, 1)]
        public void Validity_numbers_are_read_from_strings_or_numbers(string days, string years, int expectedDays, int expectedYears)
        {
            var acme = Sample("getKeyInfo.acmeUrl.json");
            acme["validity_days"] = JToken.Parse(days);
            acme["validity_years"] = JToken.Parse(years);

            var key = Read<KeyInfo>(acme);

            Assert.Equal(expectedDays, key.ValidityDays);
            Assert.Equal(expectedYears, key.ValidityYears);
        }

        [Fact]
        public void Validity_numbers_are_written_back_as_strings()
        {
            var key = Read<KeyInfo>(Sample("getKeyInfo.acmeUrl.json"));
            key.ValidityDays = 30;
            key.ValidityYears = 1;

            var json = JObject.Parse(CertCentralJson.Serialize(key));

            Assert.Equal(JTokenType.String, json["validity_days"]!.Type);
            Assert.Equal("30", (string?)json["validity_days"]);
            Assert.Equal("1", (string?)json["validity_years"]);
        }

        [Theory]
        [InlineData("\"abc\"")]
        [InlineData("\"1.5\"")]
        [InlineData("true")]
        [InlineData("99999999999999999999999")]
        public void A_validity_that_is_not_a_whole_number_fails_with_the_field_named(string wireValue)
        {
            var acme = Sample("getKeyInfo.acmeUrl.json");
            acme["validity_days"] = JToken.Parse(wireValue);

            var error = Assert.ThrowsAny<JsonSerializationException>(() => Read<KeyInfo>(acme));
            Assert.Contains("validity_days", error.Message);
        }

        [Theory]
        [InlineData("\"0\"", false)]
        [InlineData("\"1\"", true)]
        [InlineData("0", false)]
        [InlineData("1", true)]
        [InlineData("true", true)]
        [InlineData("false", false)]
        public void Archived_flag_is_a_bool(string wireValue, bool expected)
        {
            var list = Sample("listDuplicateCertificates.seed.json");
            list["certificates"]![0]!["archived"] = JToken.Parse(wireValue);

            Assert.Equal(expected, Read<DuplicateCertificateList>(list).Certificates[0].Archived);
        }

        [Fact]
        public void Archived_flag_is_written_back_as_the_string_zero_or_one()
        {
            var list = Read<DuplicateCertificateList>(Sample("listDuplicateCertificates.seed.json"));
            list.Certificates[0].Archived = true;

            var json = JObject.Parse(CertCentralJson.Serialize(list));

            Assert.Equal("1", (string?)json["certificates"]![0]!["archived"]);
            Assert.Equal(JTokenType.String, json["certificates"]![0]!["archived"]!.Type);
            Assert.Equal("0", (string?)json["certificates"]![1]!["archived"]);
        }

        [Theory]
        [InlineData("\"yes\"")]
        [InlineData("\"2\"")]
        public void An_archived_flag_that_is_not_zero_or_one_fails_clearly(string wireValue)
        {
            var list = Sample("listDuplicateCertificates.seed.json");
            list["certificates"]![0]!["archived"] = JToken.Parse(wireValue);

            var error = Assert.ThrowsAny<JsonSerializationException>(() => Read<DuplicateCertificateList>(list));
            Assert.Contains("archived", error.Message);
        }

        [Fact]
        public void Numeric_looking_ids_stay_strings_with_leading_zeros_kept()
        {
            var list = Sample("listDuplicateCertificates.seed.json");
            list["certificates"]![0]!["ca_cert_id"] = "01005";
            list["certificates"]![0]!["sub_id"] = 7;

            var certificate = Read<DuplicateCertificateList>(list).Certificates[0];

            Assert.Equal("01005", certificate.CaCertId);
            Assert.Equal("7", certificate.SubId);
        }

        [Fact]
        public void Unknown_enum_values_are_kept_and_written_back()
        {
            var list = Sample("listDuplicateCertificates.seed.json");
            list["certificates"]![0]!["status"] = "needs_approval";
            var validations = Sample("getOrganizationValidations.seed.json");
            validations["validations"]![0]!["type"] = "vmc";
            validations["validations"]![0]!["status"] = "expired";
            var key = Sample("getKeyInfo.apiKey.json");
            key["status"] = "suspended";
            key["restricted_to_role_id"] = 104;

            var certificate = Read<DuplicateCertificateList>(list).Certificates[0];
            var validation = Read<OrganizationValidationList>(validations).Validations[0];
            var keyInfo = Read<KeyInfo>(key);

            Assert.Equal("needs_approval", certificate.Status.Value);
            Assert.False(certificate.Status.IsKnown);
            Assert.Equal(new ValidationType("vmc"), validation.Type);
            Assert.Equal("expired", validation.Status.ToString());
            Assert.Equal("suspended", keyInfo.Status.Value);
            Assert.Equal(104, keyInfo.RestrictedToRoleId!.Value.Value);
            Assert.False(keyInfo.RestrictedToRoleId.Value.IsKnown);
            Assert.True(ApiKeyRole.Unrestricted.IsKnown);
            JsonAssert.Equal(key.ToString(), CertCentralJson.Serialize(keyInfo));
            JsonAssert.Equal(validations.ToString(), CertCentralJson.Serialize(Read<OrganizationValidationList>(validations)));
        }

        [Fact]
        public void Known_enum_values_cover_the_documented_and_glossary_values()
        {
            Assert.Equal(new[] { "approved", "issued", "pending", "rejected" }, Array.ConvertAll(System.Linq.Enumerable.ToArray(CertificateStatus.KnownValues), v => v.Value));
            Assert.Equal(new[] { "ov", "ev", "cs", "ev_cs", "ds", "smime" }, Array.ConvertAll(System.Linq.Enumerable.ToArray(ValidationType.KnownValues), v => v.Value));
            Assert.Equal(new[] { 0, 100, 101, 102, 103 }, Array.ConvertAll(System.Linq.Enumerable.ToArray(ApiKeyRole.KnownValues), v => v.Value));
            Assert.True(ValidationType.EvCs == "ev_cs");
            Assert.True(KeyStatus.Revoked != KeyStatus.Active);
        }

        [Theory]
        [InlineData("{}")]
        [InlineData("[]")]
        [InlineData("null")]
        public void An_enum_value_of_the_wrong_json_type_fails_clearly(string wireValue)
        {
            var key = Sample("getKeyInfo.apiKey.json");
            key["status"] = JToken.Parse(wireValue);

            var error = Assert.ThrowsAny<JsonException>(() => Read<KeyInfo>(key));
            Assert.Contains("status", error.Message);
        }

        [Fact]
        public void A_number_where_a_string_enum_is_expected_is_kept_as_its_text()
        {
            var key = Sample("getKeyInfo.apiKey.json");
            key["status"] = 7;

            Assert.Equal("7", Read<KeyInfo>(key).Status.Value);
        }

        [Fact]
        public void Unknown_fields_are_kept_and_written_back_unchanged()
        {
            var key = Sample("getKeyInfo.acmeUrl.json");
            key["new_field"] = "2020-01-01T10:00:00+09:00";
            key["new_object"] = new JObject { ["nested"] = new JArray(1, "two") };
            ((JObject)key["user"]!)["email"] = "jill@example.com";

            var model = Read<KeyInfo>(key);

            Assert.Equal("2020-01-01T10:00:00+09:00", model.AdditionalProperties["new_field"]?.ToString());
            Assert.Equal("jill@example.com", model.User!.AdditionalProperties["email"]?.ToString());
            JsonAssert.Equal(key.ToString(), CertCentralJson.Serialize(model));
        }

        [Fact]
        public void Fields_missing_on_some_items_are_null_not_errors()
        {
            var validations = Read<OrganizationValidationList>(Sample("getOrganizationValidations.seed.json"));
            var acme = Read<KeyInfo>(Sample("getKeyInfo.acmeUrl.json"));

            Assert.Null(validations.Validations[1].DateCreated);
            Assert.Empty(validations.Validations[0].VerifiedUsers);
            Assert.Null(acme.LastUsedDate);
        }

        [Fact]
        public void Null_lists_read_empty_null_items_are_dropped_and_null_nested_objects_read_null()
        {
            var list = Sample("listDuplicateCertificates.seed.json");
            ((JArray)list["certificates"]!).Insert(1, JValue.CreateNull());
            list["certificates"]![0]!["dns_names"] = JValue.CreateNull();
            list["certificates"]![0]!["server_platform"] = JValue.CreateNull();
            ((JArray)list["certificates"]![2]!["dns_names"]!).Add(JValue.CreateNull());

            var certificates = Read<DuplicateCertificateList>(list).Certificates;

            Assert.Equal(new[] { 12345L, 23456L, 34567L }, certificates.Select(c => (long)c.Id));
            Assert.Empty(certificates[0].DnsNames);
            Assert.Null(certificates[0].ServerPlatform);
            Assert.Equal(new[] { "sub.anewdomain.com" }, certificates[1].DnsNames);
            Assert.Equal("nginx", certificates[1].ServerPlatform!.Name);
        }

        [Fact]
        public void A_missing_required_field_fails_with_its_name()
        {
            var key = Sample("getKeyInfo.apiKey.json");
            key.Remove("create_date");

            var error = Assert.ThrowsAny<JsonSerializationException>(() => Read<KeyInfo>(key));
            Assert.Contains("create_date", error.Message);
        }

        [Fact]
        public void Timestamps_keep_their_offset()
        {
            var key = Sample("getKeyInfo.apiKey.json");
            key["create_date"] = "2018-08-07T23:27:58+05:30";

            var model = Read<KeyInfo>(key);

            Assert.Equal(TimeSpan.FromMinutes(330), model.CreateDate.Offset);
            Assert.Equal(new DateTimeOffset(2018, 8, 7, 23, 27, 58, TimeSpan.FromMinutes(330)), model.CreateDate);
            Assert.Equal("2018-08-07T23:27:58+05:30", (string?)JsonAssert.Parse(CertCentralJson.Serialize(model))["create_date"]);
        }

        [Fact]
        public void Urls_are_read_as_sent_even_without_a_scheme()
        {
            var list = Sample("listDuplicateCertificates.seed.json");
            list["certificates"]![0]!["server_platform"]!["install_url"] = "www.example.com";

            var platform = Read<DuplicateCertificateList>(list).Certificates[0].ServerPlatform!;

            Assert.Equal("www.example.com", platform.InstallUrl);
            Assert.Equal("http://www.digicert.com/csr-creation-nginx.htm", platform.CsrUrl);
        }
    }
}
