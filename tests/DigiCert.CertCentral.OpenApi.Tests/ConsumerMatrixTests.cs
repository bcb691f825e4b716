using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;

namespace DigiCert.CertCentral.OpenApi.Tests
{
    /// <summary>
    /// Other teams' tools read the description as this repository's client does: every generator
    /// and validator of the matrix accepts every recording, every example of the description and
    /// every variant the description calls legal; and the matrix notices a closed value set.
    /// </summary>
    public class ConsumerMatrixTests : IClassFixture<ConsumerMatrixFixture>
    {
        private readonly ConsumerMatrix.Report _report;

        public ConsumerMatrixTests(ConsumerMatrixFixture fixture) => _report = fixture.Report;

        [Fact]
        public void Every_tool_generates_from_the_description_and_accepts_every_case()
        {
            var problems = _report.Tools
                .Where(t => !t.Generated || t.Rejected.Count > 0)
                .Select(t => t.Generated ? $"{t.Tool} rejects:\n  " + string.Join("\n  ", t.Rejected.Select(r => $"{r.Key}: {r.Value}")) : $"{t.Tool} failed: {t.Error}")
                .ToList();

            Assert.True(problems.Count == 0 && _report.ExitCode == 0, string.Join("\n", problems) + "\n" + _report.Output);
        }

        [Fact]
        public void The_matrix_has_at_least_five_tools_with_runtime_validators_strict_ajv_Go_and_Python()
        {
            var reading = _report.Tools.Where(t => t.Checked > 0).Select(t => t.Tool).ToList();

            Assert.True(reading.Count >= 5, string.Join(", ", reading));
            Assert.True(reading.Count(t => t.Contains("zod")) >= 2, string.Join(", ", reading));
            Assert.Contains(reading, t => t.StartsWith("ajv (strict)"));
            Assert.Contains(reading, t => t.StartsWith("kin-openapi openapi3filter (Go"));
            Assert.Contains(reading, t => t.StartsWith("python3-jsonschema"));
            Assert.Contains(_report.Tools, t => t.Tool.StartsWith("tsc on the generated clients") && t.Generated);
        }

        [Fact]
        public void The_corpus_holds_every_recording_every_example_and_the_legal_variants()
        {
            var recordings = Directory.GetFiles(Path.Combine(Repo.Recordings, "mappings"), "*.json")
                .Where(f => File.ReadAllText(f).Contains(".json\""))
                .Select(f => "recording " + Path.GetFileName(f));

            Assert.All(recordings, r => Assert.Contains(r, _report.Corpus));
            Assert.Contains("seed Forbidden.invalidKey", _report.Corpus);
            foreach (var variant in new[]
            {
                "certificate status revoked", "key status suspended", "role 104", "validation type vmc", "validation status expired",
                "organization_id as a digit string", "ids beyond 32 bits", "ca_cert_id as 40 hex", "sub_id zero-padded",
                "install_url without a scheme", "valid_from as a timestamp", "date_created without an offset",
                "validated_until at Mountain midnight", "EV without verified_users", "certificates left out",
                "unknown fields (ACME URL)", "getKeyInfo.apiKey with restricted_to_role_id null", "getKeyInfo.acmeUrl with organization_id null",
                "listDuplicateCertificates.seed with certificates.0.server_platform null", "getKeyInfo.apiKey with user null",
            })
            {
                Assert.Contains("variant " + variant, _report.Corpus);
            }
        }

        [Fact]
        public async Task A_closed_value_set_fails_the_matrix()
        {
            var closed = Mutations.WriteMutated(yaml => yaml.Replace(
                "      anyOf:\n        - type: string\n          enum: [approved, issued, pending, rejected]\n        - type: string\n",
                "      type: string\n      enum: [approved, issued, pending, rejected]\n"));

            var report = await ConsumerMatrix.RunAsync(closed);

            Assert.NotEqual(0, report.ExitCode);
            var validators = report.Tools.Where(t => t.Generated && t.Checked > 0).ToList();
            Assert.True(validators.Count >= 5, report.Output);
            Assert.All(validators, t => Assert.Equal(new[] { "variant certificate status revoked" }, t.Rejected.Keys));
            var typeScript = Assert.Single(report.Tools, t => t.Tool.StartsWith("openapi-typescript"));
            Assert.False(typeScript.Generated); // the consumer's `status === "revoked"` no longer compiles
            Assert.Contains("consumer.ts", typeScript.Error);
            var clients = Assert.Single(report.Tools, t => t.Tool.StartsWith("tsc on the generated clients"));
            Assert.False(clients.Generated); // nor does the hey-api SDK consumer's
            Assert.Contains("hey-api-consumer.ts", clients.Error);
            Directory.Delete(Path.GetDirectoryName(closed)!, recursive: true);
        }
    }
}
