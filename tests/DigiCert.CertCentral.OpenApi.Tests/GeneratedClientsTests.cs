using System.Collections.Generic;
using System.IO;
using System.Linq;
using DigiCert.CertCentral.OpenApi.Tests.GeneratedClients;
using DigiCert.CertCentral.Tests;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace DigiCert.CertCentral.OpenApi.Tests
{
    /// <summary>
    /// Other teams generate a client from the description and read the recordings with it: each
    /// client below reads every recorded call as this repository's client does, except for the
    /// differences openapi/README.md lists for it (each with advice for that team). A difference
    /// the README does not list fails, and so does a listed one that no longer happens.
    /// </summary>
    public class GeneratedClientsTests : IClassFixture<GeneratedClientsFixture>
    {
        private readonly GeneratedClientsFixture _fixture;
        private readonly ITestOutputHelper _output;

        public GeneratedClientsTests(GeneratedClientsFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        private static string Readme => Path.Combine(Repo.Root, "openapi", "README.md");

        public static TheoryData<string> Clients()
        {
            var data = new TheoryData<string>();
            foreach (var client in ComparedClients) data.Add(client);
            return data;
        }

        private static IEnumerable<string> ComparedClients => GeneratedClientsFixture.DotNetClientsCompared.Concat(GeneratedClientsFixture.TypeScriptClients);

        [Theory]
        [MemberData(nameof(Clients))]
        public void The_client_reads_every_recording_as_ours_does_but_for_its_documented_differences(string client)
        {
            Assert.False(_fixture.Failures.TryGetValue(client, out var failure), $"{client} could not be generated, compiled or run:\n{failure}");
            var ours = _fixture.Outcomes[DotNetClients.Ours];
            var theirs = _fixture.Outcomes[client];

            var observed = Comparison.Differences(ours, theirs);
            var documented = Comparison.Documented(Readme)[client].ToHashSet();
            foreach (var (difference, recordings) in observed) _output.WriteLine($"{difference} ({string.Join(", ", recordings)})");

            var undocumented = observed.Keys.Where(d => !documented.Contains(d)).ToList();
            var gone = documented.Where(d => !observed.ContainsKey(d)).ToList();
            Assert.True(undocumented.Count == 0 && gone.Count == 0, Report(client, undocumented, gone, observed, ours, theirs));
        }

        [Fact]
        public void Every_client_made_every_recorded_call_of_every_operation()
        {
            // Every operation that has recordings, whatever the description adds (RecordedCall reads each with it).
            var recorded = Directory.GetFiles(Path.Combine(Repo.Recordings, "mappings"), "*.json")
                .Select(f => (string)JObject.Parse(File.ReadAllText(f))["metadata"]!["operationId"]!).Distinct().OrderBy(o => o, System.StringComparer.Ordinal);
            Assert.Equal(recorded, _fixture.Calls.Select(c => c.OperationId).Distinct().OrderBy(o => o, System.StringComparer.Ordinal));
            Assert.Equal(Directory.GetFiles(Path.Combine(Repo.Recordings, "mappings"), "*.json").Length, _fixture.Calls.Count);
            foreach (var client in _fixture.Outcomes.Keys.Concat(_fixture.Failures.Keys))
            {
                Assert.True(_fixture.Outcomes.TryGetValue(client, out var outcomes), client + ": " + _fixture.Failures.GetValueOrDefault(client));
                Assert.Equal(_fixture.Calls.Select(c => c.Recording).OrderBy(r => r), outcomes!.Keys.OrderBy(r => r));
            }

            Assert.Equal(7, _fixture.Outcomes.Count + _fixture.Failures.Count); // ours, 3 other .NET rows and 3 TypeScript clients
            _output.WriteLine($"generated, compiled and called in {_fixture.Elapsed.TotalSeconds:0.0} s");
        }

        [Fact]
        public void Our_client_reads_each_recording_as_it_was_recorded()
        {
            foreach (var call in _fixture.Calls)
            {
                var response = JObject.Parse(File.ReadAllText(Path.Combine(Repo.Recordings, "mappings", call.Recording + ".json")))["response"]!;
                // The sandbox (WireMock.Net) plays MALFORMED_RESPONSE_CHUNK as "200 OK, then garbage";
                // its other faults send no readable response (tools/DigiCert.CertCentral.Sandbox/RecordingServer.cs).
                var expected = (string?)response["fault"] switch
                {
                    "MALFORMED_RESPONSE_CHUNK" => "HTTP 200",
                    null => (int)response["status"]! == 200 ? "a model" : $"HTTP {(int)response["status"]!}",
                    _ => "no response",
                };
                Assert.True(expected == Outcome.Kind(_fixture.Outcomes[DotNetClients.Ours][call.Recording]), $"{call.Recording}: {_fixture.Outcomes[DotNetClients.Ours][call.Recording]}");
            }
        }

        [Fact]
        public void Every_documented_client_is_compared()
        {
            var documented = Comparison.Documented(Readme).Select(g => g.Key).ToList();

            Assert.All(documented, client => Assert.Contains(client, ComparedClients));
        }

        [Fact]
        public void A_new_difference_fails_and_so_does_a_documented_one_that_went_away()
        {
            var ours = new Dictionary<string, JObject> { ["r"] = Outcome.Read(JObject.Parse("{\"status\": \"approved\", \"ids\": [1, 2]}")) };
            var theirs = new Dictionary<string, JObject> { ["r"] = Outcome.Read(JObject.Parse("{\"ids\": [1, \"2\"], \"extra\": null}")) };

            var observed = Comparison.Differences(ours, theirs).Keys.ToHashSet();

            Assert.Equal(new[] { new Difference("status", "a string", "absent"), new Difference("ids[]", "a number", "a string"), new Difference("extra", "absent", "null") }.ToHashSet(), observed);
            var failed = Comparison.Differences(ours, new Dictionary<string, JObject> { ["r"] = Outcome.Failed(200, null, "cannot read") }).Keys;
            Assert.Equal(new Difference(Comparison.OutcomePath, "a model", "HTTP 200"), Assert.Single(failed));
        }

        private static string Report(string client, List<Difference> undocumented, List<Difference> gone, Dictionary<Difference, List<string>> observed, IReadOnlyDictionary<string, JObject> ours, IReadOnlyDictionary<string, JObject> theirs)
        {
            var report = new System.Text.StringBuilder($"{client} reads the recordings differently from what openapi/README.md documents ('{Comparison.TableHeader}').\n");
            foreach (var difference in undocumented)
            {
                var recording = observed[difference][0];
                report.AppendLine($"Not documented: | {client} | `{difference.Where}` | {difference.Ours} | {difference.Theirs} | ... | in {string.Join(", ", observed[difference])}");
                report.AppendLine($"  e.g. {recording}:\n    ours:   {ours[recording].ToString(Newtonsoft.Json.Formatting.None)}\n    theirs: {(theirs.TryGetValue(recording, out var t) ? t.ToString(Newtonsoft.Json.Formatting.None) : "(none)")}");
            }

            foreach (var difference in gone) report.AppendLine($"Documented but no longer seen: {difference}");
            return report.ToString();
        }
    }
}
