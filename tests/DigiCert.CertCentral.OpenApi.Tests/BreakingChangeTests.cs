using System;
using System.IO;
using System.Linq;
using DigiCert.CertCentral.Tests;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.OpenApi.Tests
{
    /// <summary>
    /// The description stays compatible with its last release (openapi/released/&lt;version&gt;.yaml)
    /// unless info.version takes a major bump.
    /// </summary>
    public class BreakingChangeTests
    {
        private static (string Version, JObject Document) LastRelease()
        {
            var releases = Directory.GetFiles(Path.Combine(Repo.Root, "openapi", "released"), "*.yaml")
                .Select(f => (Version: Version.Parse(Path.GetFileNameWithoutExtension(f)), File: f))
                .OrderBy(r => r.Version)
                .ToList();
            Assert.NotEmpty(releases);
            var last = releases[^1];
            var document = (JObject)YamlJson.Load(last.File);
            Assert.Equal(last.Version.ToString(), (string?)document["info"]!["version"]); // the file is named after its version
            return (last.Version.ToString(), document);
        }

        [Fact]
        public void The_description_has_no_breaking_change_since_the_last_release_or_a_major_bump()
        {
            var (releasedVersion, released) = LastRelease();
            var current = Repo.LoadSpecJson();
            var currentVersion = (string)current["info"]!["version"]!;

            var problems = BreakingChanges.Find(released, current);

            Assert.True(
                problems.Count == 0 || BreakingChanges.IsMajorBump(releasedVersion, currentVersion),
                $"Breaking changes since {releasedVersion} without a major version bump (now {currentVersion}):\n- " + string.Join("\n- ", problems));
        }

        [Fact]
        public void The_version_is_semver_and_not_behind_the_last_release()
        {
            var (releasedVersion, _) = LastRelease();
            var currentVersion = (string)Repo.LoadSpecJson()["info"]!["version"]!;

            Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$", currentVersion);
            Assert.True(Version.Parse(currentVersion.Split('-', '+')[0]) >= Version.Parse(releasedVersion), $"{currentVersion} is behind the released {releasedVersion}");
        }

        [Fact]
        public void The_guard_finds_each_kind_of_breaking_change()
        {
            var released = Repo.LoadSpecJson();
            var current = (JObject)released.DeepClone();
            var schemas = (JObject)current["components"]!["schemas"]!;
            ((JObject)current["paths"]!).Remove("/organization/{organization_id}/validation");
            ((JObject)schemas["KeyInfo"]!["properties"]!).Remove("organization_name");
            schemas["KeyInfo"]!["properties"]!["validity_days"] = new JObject { ["type"] = "integer" };
            ((JArray)schemas["KeyInfo"]!["required"]!).Add("product_name");
            schemas.Remove("ServerPlatform");
            ((JArray)current["paths"]!["/order/certificate/{order_id}/duplicate"]!["get"]!["parameters"]!)[1]!["required"] = true;

            var problems = BreakingChanges.Find(released, current);

            Assert.Equal(new[]
            {
                "operation listDuplicateCertificates: parameter query:show_archived is newly required",
                "operation getOrganizationValidations was removed",
                "schema ServerPlatform was removed",
                "KeyInfo.product_name is newly required",
                "KeyInfo.organization_name was removed",
                "KeyInfo.validity_days changed type from string~integer-string to integer",
            }, problems);
        }

        [Fact]
        public void Additions_are_not_breaking()
        {
            var released = Repo.LoadSpecJson();
            var current = (JObject)released.DeepClone();
            var schemas = (JObject)current["components"]!["schemas"]!;
            schemas["KeyInfo"]!["properties"]!["expiry_date"] = new JObject { ["type"] = "string", ["format"] = "date-time" };
            schemas["Extra"] = new JObject { ["type"] = "object" };
            ((JArray)schemas["KeyInfo"]!["required"]!).RemoveAt(0); // relaxing a requirement

            Assert.Empty(BreakingChanges.Find(released, current));
        }

        [Theory]
        [InlineData("1.4.2", "2.0.0", true)]
        [InlineData("1.4.2", "1.5.0", false)]
        [InlineData("1.4.2", "1.4.2", false)]
        public void Only_a_major_bump_excuses_breaking_changes(string released, string current, bool excused)
        {
            Assert.Equal(excused, BreakingChanges.IsMajorBump(released, current));
        }
    }
}
