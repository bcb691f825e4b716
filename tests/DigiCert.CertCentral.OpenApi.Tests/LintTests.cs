using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.OpenApi.Tests
{
    /// <summary>
    /// The description passes both linters with zero errors and zero warnings, under the
    /// configurations in openapi/ (their deliberate exceptions are listed there with reasons).
    /// </summary>
    public class LintTests
    {
        [Fact]
        public async Task Redocly_finds_no_problem()
        {
            var (exitCode, output) = await NodeTool.RunAsync(NodeTool.Redocly, Repo.Root,
                "lint", "openapi/certcentral.yaml", "--config", "openapi/redocly.yaml", "--format", "json");

            var json = output.Substring(output.IndexOf('{'));
            var totals = JObject.Parse(json.Substring(0, json.LastIndexOf('}') + 1))["totals"]!;
            Assert.True(exitCode == 0 && (int)totals["errors"]! == 0 && (int)totals["warnings"]! == 0, "redocly lint:\n" + output);
        }

        [Fact]
        public async Task Spectral_finds_no_problem()
        {
            var (exitCode, output) = await NodeTool.RunAsync(NodeTool.Spectral, Repo.Root,
                "lint", "openapi/certcentral.yaml", "--ruleset", "openapi/.spectral.yaml", "--fail-severity", "hint", "--format", "text");

            Assert.True(exitCode == 0, "spectral lint:\n" + output);
        }

        [Fact]
        public async Task Spectral_rejects_a_quirk_without_a_description()
        {
            var broken = Mutations.WriteMutated(yaml => yaml.Replace(
                "        kind: two-shapes\n        description: >-",
                "        kind: two-shapes\n        docs: >-"));

            var (exitCode, output) = await NodeTool.RunAsync(NodeTool.Spectral, Repo.Root,
                "lint", broken, "--ruleset", "openapi/.spectral.yaml", "--fail-severity", "hint", "--format", "text");

            Assert.NotEqual(0, exitCode);
            Assert.Contains("digicert-quirk-has-description", output);
        }

        [Fact]
        public async Task Redocly_validates_examples_against_their_schemas()
        {
            var broken = Mutations.WriteMutated(yaml => yaml.Replace("        validity_years: '2'", "        validity_years: 2"));

            var (_, output) = await NodeTool.RunAsync(NodeTool.Redocly, Repo.Root,
                "lint", broken, "--config", "openapi/redocly.yaml", "--format", "json");

            Assert.Contains("no-invalid-media-type-examples", output);
        }
    }
}
