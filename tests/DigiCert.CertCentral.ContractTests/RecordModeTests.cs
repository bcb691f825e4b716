using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.ContractTests
{
    /// <summary>
    /// Refreshing recordings (tools/wiremock.js record) works, proven against the suite's WireMock
    /// standing in for the live API: the recorder's output is the committed recordings, and the
    /// API key reaches the "live" server but no file.
    /// </summary>
    [Collection(WireMockCollection.Name)]
    public class RecordModeTests
    {
        private readonly WireMockFixture _fixture;

        public RecordModeTests(WireMockFixture fixture) => _fixture = fixture;

        [Fact]
        public async Task Recording_from_a_live_stand_in_reproduces_the_committed_recordings_without_the_key()
        {
            var live = _fixture.Server;
            await live.ResetRequestsAsync();
            var secretKey = "RECORDSECRET" + Guid.NewGuid().ToString("N").ToUpperInvariant();
            var output = Directory.CreateTempSubdirectory("certcentral-recording-");
            var scenarios = new[] { "getKeyInfo.apiKey=184", "listDuplicateCertificates.showArchived=12345,archived", "getOrganizationValidations.rateLimited=429", "listDuplicateCertificates.proxyError=502" };
            try
            {
                var (exitCode, log) = await RunRecorderAsync(live.Origin, output.FullName, secretKey, scenarios);

                Assert.True(exitCode == 0, "the recorder failed:\n" + log);
                foreach (var name in scenarios.Select(s => s.Split('=')[0]))
                {
                    var committed = Recording.Named(name);
                    var recordedMapping = JObject.Parse(File.ReadAllText(Path.Combine(output.FullName, "mappings", name + ".json")));
                    Assert.True(JToken.DeepEquals(committed.Mapping, recordedMapping), $"{name}: recorded mapping differs from the committed one:\n{recordedMapping}");
                    var recordedBody = File.ReadAllText(Path.Combine(output.FullName, "__files", committed.BodyFileName!));
                    if (committed.BodyFileName!.EndsWith(".json")) JsonAssert.Equal(committed.Body, recordedBody);
                    else Assert.Equal(committed.Body, recordedBody);
                }

                foreach (var file in Directory.GetFiles(output.FullName, "*", SearchOption.AllDirectories))
                {
                    Assert.DoesNotContain(secretKey, File.ReadAllText(file));
                }

                Assert.DoesNotContain(secretKey, log);
                var proxied = await live.GetRequestsAsync();
                Assert.Equal(scenarios.Length, proxied.Count);
                Assert.All(proxied, r => Assert.Equal(secretKey, (string?)r["request"]!["headers"]!["X-DC-DEVKEY"]));
            }
            finally
            {
                output.Delete(recursive: true);
                await live.ResetRequestsAsync();
            }
        }

        [Fact]
        public async Task The_recorder_refuses_to_run_without_a_key()
        {
            var (exitCode, log) = await RunRecorderAsync(_fixture.Server.Origin, Path.GetTempPath(), secretKey: null, "getKeyInfo.apiKey=184");

            Assert.NotEqual(0, exitCode);
            Assert.Contains("CERTCENTRAL_API_KEY", log);
        }

        private static Task<(int ExitCode, string Output)> RunRecorderAsync(Uri target, string outputDir, string? secretKey, params string[] scenarios) =>
            ChildProcess.RunAsync(
                "node",
                new[] { Path.Combine(Repo.Root, "tools", "wiremock.js"), "record", "--target", target.ToString().TrimEnd('/'), "--out", outputDir }.Concat(scenarios),
                timeout: TimeSpan.FromMinutes(3),
                environment: new System.Collections.Generic.Dictionary<string, string?> { ["CERTCENTRAL_API_KEY"] = secretKey });
    }
}
