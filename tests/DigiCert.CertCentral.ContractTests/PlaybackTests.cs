using System;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Serialization;
using DigiCert.CertCentral.Tests;
using Newtonsoft.Json.Linq;
using Xunit.Sdk;

namespace DigiCert.CertCentral.ContractTests
{
    /// <summary>The client against every recording, over real HTTP.</summary>
    [Collection(WireMockCollection.Name)]
    public class PlaybackTests
    {
        // Shaped like a key, but a placeholder: recordings match on presence, not value.
        private const string ApiKey = "CONTRACTTESTKEYPLACEHOLDER000000000000000000000000";
        private readonly WireMockFixture _fixture;

        public PlaybackTests(WireMockFixture fixture) => _fixture = fixture;

        public static TheoryData<string> PlaybackRecordings => Recording.Names(r => r.IsPlayback);

        public static TheoryData<string> FaultRecordings => Recording.Names(r => r.Fault != null);

        // One attempt per call: a recording is one exchange. Retries have their own tests.
        private CertCentralClient Client(TimeSpan? timeout = null)
        {
            var attempt = timeout ?? TimeSpan.FromSeconds(30);
            return new CertCentralClient(new CertCentralClientOptions { ApiKey = ApiKey, BaseUri = _fixture.Server.BaseUri, MaxRetries = 0, AttemptTimeout = attempt, OverallTimeout = attempt });
        }

        [Theory]
        [MemberData(nameof(PlaybackRecordings))]
        public async Task The_client_replays_the_recording_and_sends_exactly_the_expected_request(string name)
        {
            var recording = Recording.Named(name);
            var server = _fixture.Server;
            server.ResetRequests();
            object? model = null;

            var outcome = await Record.ExceptionAsync(async () => model = await recording.CallAsync(Client()));

            // A request that matched no recording explains any other failure: report it first.
            _fixture.AssertAllRequestsMatched();
            if (recording.IsSuccess)
            {
                Assert.Null(outcome);
                Assert.IsType(recording.ModelType, model);
                JsonAssert.Equal(recording.Body, CertCentralJson.Serialize(model!)); // no field lost or renamed
            }
            else
            {
                var error = Assert.IsType<CertCentralException>(outcome);
                Assert.Equal(recording.Status, error.Status);
                var recordedErrors = TryParse(recording.Body)?["errors"] as JArray;
                Assert.Equal(recordedErrors?.Select(e => (string?)e["code"]) ?? Enumerable.Empty<string?>(), error.Errors.Select(e => e.Code));
                Assert.DoesNotContain(ApiKey, error.ToString());
            }

            var request = Assert.Single(server.Requests).RequestMessage;
            Assert.Equal("GET", request.Method);
            // The sandbox logs query names unescaped (filters[status]), as it matches them (RecordingServer).
            Assert.Equal(Sandbox.RecordingServer.QueryNamesUnescaped(recording.ExpectedPathAndQuery), request.Path + request.RawQuery);
            var headers = request.Headers!;
            Assert.Equal(new[] { ApiKey }, Header(headers, "X-DC-DEVKEY"));
            Assert.Equal(new[] { "application/json" }, Header(headers, "Accept"));
            Assert.Null(Header(headers, "Content-Type"));
        }

        [Theory]
        [MemberData(nameof(FaultRecordings))]
        public async Task A_network_fault_ends_in_the_client_exception_not_a_hang(string name)
        {
            var recording = Recording.Named(name);
            _fixture.Server.ResetRequests();

            var call = recording.CallAsync(Client(TimeSpan.FromSeconds(20)));
            var finished = await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(60)));

            Assert.Same(call, finished); // no hang
            var error = await Assert.ThrowsAsync<CertCentralException>(() => call);
            _fixture.AssertAllRequestsMatched(); // the fault came from its recording, not a 404
            Assert.NotNull(error.InnerException); // a transport failure, not an HTTP status
            Assert.DoesNotContain(ApiKey, error.ToString());
        }

        [Fact]
        public async Task A_rate_limited_recording_is_retried_then_reported_as_rate_limited()
        {
            var recording = Recording.Named("getOrganizationValidations.rateLimited");
            var server = _fixture.Server;
            server.ResetRequests();
            var options = new CertCentralClientOptions { ApiKey = ApiKey, BaseUri = server.BaseUri, MaxRetries = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(10) };

            var error = await Assert.ThrowsAsync<CertCentralException>(() => recording.CallAsync(new CertCentralClient(options)));

            _fixture.AssertAllRequestsMatched();
            Assert.Equal(3, server.Requests.Count);
            Assert.Equal(3, error.Attempts);
            Assert.True(error.IsRateLimited);
            Assert.Contains("rate limited each time", error.Message);
        }

        [Fact]
        public async Task A_response_slower_than_the_timeout_ends_in_a_timeout()
        {
            var recording = Recording.Named("getKeyInfo.slowResponse");
            Assert.True(recording.DelayMilliseconds > 2000);

            var error = await Assert.ThrowsAsync<TaskCanceledException>(() => recording.CallAsync(Client(TimeSpan.FromMilliseconds(500))));

            Assert.IsType<TimeoutException>(error.InnerException); // the attempt timeout, reported as HttpClient reports its own
        }

        [Fact]
        public async Task Cancelling_a_slow_call_ends_it_promptly()
        {
            var recording = Recording.Named("getKeyInfo.slowResponse");
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

            var call = recording.CallAsync(Client(), cancellation.Token);

            Assert.Same(call, await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(recording.DelayMilliseconds!.Value / 1000.0 - 1))));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        }

        [Fact]
        public async Task A_request_that_matches_no_recording_fails_with_the_near_miss_report()
        {
            var server = _fixture.Server;
            server.ResetRequests();
            using var raw = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUri, "key/184"));
            request.Headers.Add("X-DC-DEVKEY", ApiKey); // but no Accept: application/json

            using var response = await raw.SendAsync(request);

            Assert.Equal(404, (int)response.StatusCode);
            var failure = Assert.Throws<XunitException>(() => _fixture.AssertAllRequestsMatched());
            Assert.Contains("closest recording 'getKeyInfo.apiKey'", failure.Message);
            Assert.Contains("/services/v2/key/184", failure.Message);
            Assert.Contains("header Accept expects RegexMatcher", failure.Message); // the matcher it missed
            Assert.DoesNotContain(ApiKey, failure.Message);
            server.ResetRequests();
        }

        [Fact]
        public async Task A_request_with_a_body_header_matches_no_recording_as_in_Java_WireMock()
        {
            // WireMock.Net does not read "absent": true; the fixture adds it back, or this request
            // would get a recorded answer.
            var server = _fixture.Server;
            server.ResetRequests();
            using var raw = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUri, "key/184")) { Content = new StringContent(string.Empty) };
            request.Headers.Add("X-DC-DEVKEY", ApiKey);
            request.Headers.Add("Accept", "application/json");
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

            using var response = await raw.SendAsync(request);

            Assert.Equal(404, (int)response.StatusCode);
            var failure = Assert.Throws<XunitException>(() => _fixture.AssertAllRequestsMatched());
            Assert.Contains("closest recording 'getKeyInfo.apiKey'", failure.Message);
            Assert.Contains("header Content-Type expects to be absent", failure.Message);
            server.ResetRequests();
        }

        [Fact]
        public void Every_recorded_operation_has_a_success_and_every_recorded_error_is_one_its_operation_declares()
        {
            // Each recording names a GET operation of the description and parameters it has (Scenario.FromMetadata fails otherwise).
            var spec = Repo.LoadSpecJson();
            foreach (var operation in Recording.All.Select(r => r.Scenario.Operation).DistinctBy(o => o.Id))
            {
                Assert.Contains(Recording.All, r => r.OperationId == operation.Id && r.IsPlayback && r.IsSuccess);
            }

            var errors = Recording.All.Where(r => r.IsPlayback && !r.IsSuccess).ToList();
            foreach (var recording in errors)
            {
                var operation = recording.Scenario.Operation;
                var responses = (JObject)spec["paths"]![operation.Path]!["get"]!["responses"]!;
                Assert.True(responses.ContainsKey(recording.Status!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)) || responses.ContainsKey("default"), $"{recording.Name}: {operation.Id} declares no HTTP {recording.Status} and no default response");
            }

            // The client's error paths are exercised: a client error and a server error, at least.
            Assert.Contains(errors, r => r.Status is >= 400 and < 500);
            Assert.Contains(errors, r => r.Status >= 500);
        }

        // The values of a request header, whatever its case; null when it was not sent.
        private static string[]? Header(System.Collections.Generic.IDictionary<string, WireMock.Types.WireMockList<string>> headers, string name) =>
            headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value.ToArray()).SingleOrDefault();

        private static JToken? TryParse(string body)
        {
            try
            {
                return JToken.Parse(body);
            }
            catch (Newtonsoft.Json.JsonReaderException)
            {
                return null;
            }
        }
    }
}
