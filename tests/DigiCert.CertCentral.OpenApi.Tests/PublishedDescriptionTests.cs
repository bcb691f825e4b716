using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.OpenApi.Tests
{
    /// <summary>
    /// What `dotnet pack` publishes next to the package (the PublishCertCentralDescription target):
    /// a bundled single-file description and a self-contained HTML reference.
    /// </summary>
    public class PublishedDescriptionTests
    {
        [Fact]
        public async Task Pack_publishes_a_bundled_description_and_an_html_reference_of_the_three_operations()
        {
            var output = Directory.CreateTempSubdirectory("certcentral-publish-").FullName;
            try
            {
                var (exitCode, log) = await RunPublishTargetAsync(output);
                Assert.True(exitCode == 0, "the publish target failed:\n" + log);
                var version = (string)Repo.LoadSpecJson()["info"]!["version"]!;
                var bundle = Path.Combine(output, $"DigiCert.CertCentral.{version}.openapi.yaml");
                var html = Path.Combine(output, $"DigiCert.CertCentral.{version}.html");

                var bundled = (JObject)YamlJson.Load(bundle);
                Assert.True(JToken.DeepEquals(Repo.LoadSpecJson()["paths"], bundled["paths"]), "the bundle's paths differ from the description's");
                Assert.Equal(version, (string?)bundled["info"]!["version"]);

                var page = File.ReadAllText(html);
                foreach (var summary in new[] { "List duplicate certificates", "Get API key info", "Get organization validations" })
                {
                    Assert.Contains(summary, page); // prerendered, visible without running scripts
                }

                Assert.DoesNotMatch(new Regex("<script[^>]+src=\"https?://"), page); // self-contained: opens offline
            }
            finally
            {
                Directory.Delete(output, recursive: true);
            }
        }

        private static Task<(int ExitCode, string Output)> RunPublishTargetAsync(string outputDir) =>
            ChildProcess.RunAsync("dotnet", new[]
            {
                "msbuild", "src/DigiCert.CertCentral/DigiCert.CertCentral.csproj", "-t:PublishCertCentralDescription", "-nologo",
                "-p:PackageOutputPath=" + outputDir + Path.DirectorySeparatorChar,
            });
    }
}
