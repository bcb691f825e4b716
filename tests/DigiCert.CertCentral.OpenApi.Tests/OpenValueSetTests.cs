using System.Collections.Generic;
using System.Linq;
using DigiCert.CertCentral.Tests;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.OpenApi.Tests
{
    /// <summary>
    /// Each open value set lists its known values twice, for two kinds of reader: in the enum of
    /// its first anyOf alternative (generators) and in x-extensible-enum (the .NET templates,
    /// Zalando-style tools). The two lists agree.
    /// </summary>
    public class OpenValueSetTests
    {
        [Fact]
        public void Every_open_set_lists_the_same_known_values_in_its_enum_and_x_extensible_enum()
        {
            var sets = ((JObject)Repo.LoadSpecJson()["components"]!["schemas"]!).Properties()
                .Where(p => p.Value["x-extensible-enum"] != null)
                .ToList();

            // These stay open sets; an open set added to the description is checked the same way.
            Assert.Subset(sets.Select(s => s.Name).ToHashSet(), new HashSet<string> { "ApiKeyRole", "CertificateStatus", "KeyStatus", "ValidationStatus", "ValidationType" });
            Assert.All(sets, set => Assert.True(
                JToken.DeepEquals(set.Value["x-extensible-enum"], set.Value["anyOf"]![0]!["enum"]),
                $"{set.Name}: x-extensible-enum {set.Value["x-extensible-enum"]!.ToString(Newtonsoft.Json.Formatting.None)} differs from anyOf[0].enum {set.Value["anyOf"]![0]!["enum"]!.ToString(Newtonsoft.Json.Formatting.None)}"));
        }

        [Fact]
        public void Names_given_for_known_values_match_them_one_to_one()
        {
            var schemas = Repo.LoadSpecJson()["components"]!["schemas"]!;
            var role = schemas["ApiKeyRole"]!;

            Assert.Equal(role["x-extensible-enum"]!.Count(), role["x-digicert-names"]!.Count());
            Assert.True(JToken.DeepEquals(role["x-digicert-names"], role["anyOf"]![0]!["x-enum-varnames"]), "x-enum-varnames differs from x-digicert-names");
            Assert.True(JToken.DeepEquals(role["x-digicert-names"], role["anyOf"]![0]!["x-enumNames"]), "x-enumNames differs from x-digicert-names");
        }
    }
}
