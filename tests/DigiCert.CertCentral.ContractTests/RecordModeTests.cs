using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DigiCert.CertCentral.Sandbox;
using DigiCert.CertCentral.Tests;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.ContractTests
{
    /// <summary>
    /// Refreshing recordings (the sandbox tool's record command) works, proven against a second
    /// WireMock.Net replaying the committed recordings as a stand-in for the live API: the
    /// recorder's output is the committed recordings, and the API key reaches the "live" server
    /// but no file and no output.
    /// </summary>
    public class RecordModeTests
    {
        [Fact]
        public async Task Recording_from_a_live_stand_in_reproduces_the_committed_recordings_without_the_key()
        {
            using var live = RecordingServer.Start(Repo.Recordings);
            var secretKey = "RECORDSECRET" + Guid.NewGuid().ToString("N").ToUpperInvariant();
            var output = Directory.CreateTempSubdirectory("certcentral-recording-");
            // Both forms of a scenario: parameters by name, and the short form (the only path parameter, ,flag).
            var scenarios = new[] { "getKeyInfo.apiKey=key_id=184", "listDuplicateCertificates.showArchived=12345,archived", "listDuplicateCertificates.seed=12345", "getOrganizationValidations.rateLimited=organization_id=429", "listDuplicateCertificates.proxyError=order_id=502" };
            try
            {
                var (exitCode, log) = await RunRecorderAsync(live.Origin, output.FullName, secretKey, scenarios);

                Assert.True(exitCode == 0, "the recorder failed:\n" + log);
                Assert.Equal(scenarios.Length * 2, Directory.GetFiles(output.FullName, "*", SearchOption.AllDirectories).Length);
                foreach (var name in scenarios.Select(s => s.Split('=')[0]))
                {
                    var committed = Recording.Named(name);
                    var recordedMapping = JObject.Parse(File.ReadAllText(Path.Combine(output.FullName, "mappings", name + ".json")));
                    Assert.True(JToken.DeepEquals(committed.Mapping, recordedMapping), $"{name}: recorded mapping differs from the committed one:\n{recordedMapping}");
                    var recordedBody = File.ReadAllText(Path.Combine(output.FullName, "__files", committed.BodyFileName!));
                    Assert.Equal(committed.Body.Replace("\r\n", "\n"), recordedBody); // byte for byte, layout included
                }

                foreach (var file in Directory.GetFiles(output.FullName, "*", SearchOption.AllDirectories))
                {
                    Assert.DoesNotContain(secretKey, File.ReadAllText(file));
                }

                Assert.DoesNotContain(secretKey, log);
                Assert.Null(live.NearMissReport()); // every proxied call reached its recording
                var proxied = live.Requests;
                Assert.Equal(scenarios.Length, proxied.Count);
                Assert.All(proxied, r => Assert.Equal(secretKey, r.RequestMessage.Headers!.Single(h => string.Equals(h.Key, RecordingFormat.KeyHeader, StringComparison.OrdinalIgnoreCase)).Value.Single()));
            }
            finally
            {
                output.Delete(recursive: true);
            }
        }

        public static TheoryData<string> PlainRecordings => Recording.Names(r => r.IsPlayback);

        [Theory]
        [MemberData(nameof(PlainRecordings))]
        public void Every_plain_recording_is_what_the_recorder_writes(string name)
        {
            var recording = Recording.Named(name);
            var contentType = (string?)recording.Mapping["response"]!["headers"]?["Content-Type"];

            var written = RecordingFormat.StrictMapping(recording.Scenario, recording.Status!.Value, contentType, recording.BodyFileName!);

            Assert.Equal(recording.Name, recording.Scenario.FullName);
            var committed = recording.Mapping;
            if (committed["metadata"]!["parameters"] is null)
            {
                // A hand-written recording in the first metadata form ("id", "showArchived"): the call
                // it names is read (Recording.Scenario); the rest must be what the recorder writes for it.
                committed = (JObject)committed.DeepClone();
                committed["metadata"] = written["metadata"];
                Assert.Equal(RecordingFormat.Serialize(written), RecordingFormat.Serialize(committed));
                return;
            }

            Assert.Equal(RecordingFormat.Serialize(written), File.ReadAllText(Path.Combine(Repo.Recordings, "mappings", name + ".json")).Replace("\r\n", "\n"));
        }

        [Fact]
        public async Task The_recorder_refuses_to_run_without_a_key()
        {
            var output = Directory.CreateTempSubdirectory("certcentral-recording-");
            try
            {
                var (exitCode, log) = await RunRecorderAsync(new Uri("http://127.0.0.1:9"), output.FullName, secretKey: null, "getKeyInfo.apiKey=184");

                Assert.Equal(1, exitCode);
                Assert.Equal("error: set CERTCENTRAL_API_KEY to the API key to record with", log.Trim());
                Assert.Empty(Directory.GetFileSystemEntries(output.FullName));
            }
            finally
            {
                output.Delete(recursive: true);
            }
        }

        [Fact]
        public async Task The_recorder_writes_nothing_when_the_target_cannot_be_reached()
        {
            // WireMock.Net's proxy answers 500 itself when the target is down; that is no recording.
            var output = Directory.CreateTempSubdirectory("certcentral-recording-");
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            var closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            try
            {
                var (exitCode, log) = await RunRecorderAsync(new Uri($"http://127.0.0.1:{closedPort}"), output.FullName, "UNREACHABLESECRET", "getKeyInfo.apiKey=184");

                Assert.Equal(1, exitCode);
                Assert.StartsWith($"error: getKeyInfo.apiKey: the proxy to http://127.0.0.1:{closedPort} failed:", log.Trim());
                Assert.DoesNotContain("UNREACHABLESECRET", log);
                Assert.Empty(Directory.GetFileSystemEntries(output.FullName));
            }
            finally
            {
                output.Delete(recursive: true);
            }
        }

        [Fact]
        public async Task The_recorder_writes_nothing_when_the_live_answer_echoes_the_key()
        {
            // A "live" server that echoes the key in its body: the recorder must refuse every file.
            var root = Directory.CreateTempSubdirectory("certcentral-echo-");
            var output = Directory.CreateTempSubdirectory("certcentral-recording-");
            var secretKey = "ECHOSECRET" + Guid.NewGuid().ToString("N").ToUpperInvariant();
            try
            {
                Directory.CreateDirectory(Path.Combine(root.FullName, "mappings"));
                Directory.CreateDirectory(Path.Combine(root.FullName, "__files"));
                var scenario = RecordingFormat.ParseScenario(Recording.Description, "getKeyInfo.apiKey=184");
                File.WriteAllText(Path.Combine(root.FullName, "mappings", "echo.json"), RecordingFormat.Serialize(RecordingFormat.StrictMapping(scenario, 200, "application/json", "echo.json")));
                File.WriteAllText(Path.Combine(root.FullName, "__files", "echo.json"), "{\"api_key\": \"" + secretKey + "\"}");
                using var live = RecordingServer.Start(root.FullName);

                var (exitCode, log) = await RunRecorderAsync(live.Origin, output.FullName, secretKey, "getKeyInfo.apiKey=184");

                Assert.Equal(1, exitCode);
                Assert.Equal("error: refusing to write getKeyInfo.apiKey.json: it contains the API key", log.Trim());
                Assert.Empty(Directory.GetFileSystemEntries(output.FullName));
            }
            finally
            {
                root.Delete(recursive: true);
                output.Delete(recursive: true);
            }
        }

        // The tool's command line, in process: the same code as `dotnet run --project tools/DigiCert.CertCentral.Sandbox -- record ...`.
        private static async Task<(int ExitCode, string Output)> RunRecorderAsync(Uri target, string outputDir, string? secretKey, params string[] scenarios)
        {
            using var output = new StringWriter();
            var environment = new Dictionary<string, string?> { [Program.KeyVariable] = secretKey };
            var exitCode = await Program.RunAsync(
                new[] { "record", "--target", target.ToString().TrimEnd('/'), "--out", outputDir }.Concat(scenarios).ToList(),
                name => environment.GetValueOrDefault(name),
                output,
                output,
                () => Task.CompletedTask);
            return (exitCode, output.ToString());
        }
    }
}
