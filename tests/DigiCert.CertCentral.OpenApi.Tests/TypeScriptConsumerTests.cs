using System.IO;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;

namespace DigiCert.CertCentral.OpenApi.Tests
{
    /// <summary>
    /// A second language: openapi-typescript generates types from the description and tsc
    /// type-checks tests/typescript-consumer/consumer.ts against them.
    /// </summary>
    public class TypeScriptConsumerTests
    {
        private static async Task<(int ExitCode, string Output)> CompileConsumerAgainstAsync(string spec)
        {
            var work = Directory.CreateTempSubdirectory("certcentral-ts-").FullName;
            foreach (var file in new[] { "consumer.ts", "tsconfig.json" })
            {
                File.Copy(Path.Combine(Repo.Root, "tests", "typescript-consumer", file), Path.Combine(work, file));
            }

            var generate = await NodeTool.RunAsync(NodeTool.OpenApiTypeScript, work, spec, "--output", Path.Combine(work, "certcentral.ts"));
            Assert.True(generate.ExitCode == 0, "openapi-typescript:\n" + generate.Output);
            var result = await NodeTool.RunAsync(NodeTool.Tsc, work, "-p", "tsconfig.json");
            Directory.Delete(work, recursive: true);
            return result;
        }

        [Fact]
        public async Task The_consumer_compiles_against_the_description()
        {
            var (exitCode, output) = await CompileConsumerAgainstAsync(Repo.Spec);

            Assert.True(exitCode == 0, "tsc:\n" + output);
        }

        [Theory]
        [InlineData("validity_years:\n          type: string\n          nullable: true", "validity_years:\n          type: integer\n          nullable: true", "error TS2345")]
        [InlineData("      anyOf:\n        - type: string\n          enum: [approved, issued, pending, rejected]\n        - type: string\n", "      type: string\n      enum: [approved, issued, pending, rejected]\n", "\"revoked\"")]
        [InlineData("        organization_name:\n", "        org_name:\n", "organization_name")]
        [InlineData("operationId: getOrganizationValidations", "operationId: listOrganizationValidations", "getOrganizationValidations")]
        public async Task An_incompatible_change_breaks_the_consumer(string from, string to, string expectedInError)
        {
            var spec = Mutations.WriteMutated(yaml => yaml.Replace(from, to));

            var (exitCode, output) = await CompileConsumerAgainstAsync(spec);

            Assert.NotEqual(0, exitCode);
            Assert.Contains(expectedInError, output);
        }
    }
}
