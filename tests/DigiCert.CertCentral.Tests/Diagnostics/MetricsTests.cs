using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;

namespace DigiCert.CertCentral.Tests.Diagnostics
{
    /// <summary>The client's metrics, read with a MeterListener as an OpenTelemetry exporter would.</summary>
    [Collection(ActivityCollection.Name)]
    public class MetricsTests
    {
        private static readonly string ApiKeyBody = Repo.Recording("getKeyInfo.apiKey.json");

        private sealed class Recorded : IDisposable
        {
            private readonly MeterListener _listener = new MeterListener();

            public Recorded(int port)
            {
                _listener.InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == CertCentralClient.MeterName) listener.EnableMeasurementEvents(instrument);
                };
                _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags, port));
                _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags, port));
                _listener.Start();
            }

            public ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measurements { get; } = new();

            public IEnumerable<(double Value, Dictionary<string, object?> Tags)> Of(string instrument, string operation) =>
                Measurements.Where(m => m.Instrument == instrument && Equals(m.Tags.GetValueOrDefault("digicert.operation"), operation)).Select(m => (m.Value, m.Tags));

            public void Dispose() => _listener.Dispose();

            private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, int port)
            {
                var copy = new Dictionary<string, object?>();
                foreach (var tag in tags) copy[tag.Key] = tag.Value;
                // Only this test's server (other tests run in parallel).
                if (copy.TryGetValue("server.port", out var p) && Equals(p, port)) Measurements.Enqueue((instrument.Name, value, copy));
            }
        }

        [Fact]
        public async Task Each_attempt_records_its_duration_with_http_semantic_tags_and_retries_and_429s_are_counted()
        {
            await using var server = await LoopbackServer.StartAsync((c, n) => n == 1
                ? LoopbackServer.Json(c, 429, Repo.Recording("getOrganizationValidations.rateLimited.json"))
                : LoopbackServer.Json(c, 200, ApiKeyBody));
            using var recorded = new Recorded(server.BaseUri.Port);
            var operation = "getKeyInfo";
            using var client = new CertCentralClient(new CertCentralClientOptions { ApiKey = "METRICS-" + Guid.NewGuid().ToString("N"), BaseUri = server.BaseUri, RetryBaseDelay = TimeSpan.FromMilliseconds(5) });

            await client.GetKeyInfoAsync(184);

            var durations = recorded.Of("http.client.request.duration", operation).ToList();
            Assert.Equal(2, durations.Count);
            Assert.All(durations, d =>
            {
                Assert.InRange(d.Value, 0, 30);
                Assert.Equal("GET", d.Tags["http.request.method"]);
                Assert.Equal("127.0.0.1", d.Tags["server.address"]);
                Assert.Equal("http", d.Tags["url.scheme"]);
            });
            Assert.Equal(new object?[] { 429, 200 }, durations.Select(d => d.Tags["http.response.status_code"]));
            Assert.Equal("429", durations[0].Tags["error.type"]);
            Assert.False(durations[1].Tags.ContainsKey("error.type"));
            Assert.Equal(1, recorded.Measurements.Count(m => m.Instrument == "certcentral.client.rate_limited" && Equals(m.Tags["digicert.operation"], operation) && m.Value == 1));
            var retry = Assert.Single(recorded.Measurements, m => m.Instrument == "certcentral.client.retries" && Equals(m.Tags["digicert.operation"], operation));
            Assert.Equal("HTTP 429 request_limit_exceeded", retry.Tags["digicert.retry.reason"]);
        }

        [Fact]
        public async Task A_huge_error_code_from_the_server_is_bounded_in_logs_spans_and_metric_tags()
        {
            // A hostile or broken server's code of 200,000 characters: what the client emits quotes a bounded excerpt of it.
            var code = "overloaded|" + new string('x', 200_000);
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, 503, "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"busy\"}]}"));
            using var recorded = new Recorded(server.BaseUri.Port);
            using var spans = new ActivityCollector("server.port", server.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var logs = new LogCollector();
            var options = new CertCentralClientOptions { ApiKey = "METRICS-" + Guid.NewGuid().ToString("N"), BaseUri = server.BaseUri, MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(5), LoggerFactory = logs };
            options.RateLimits.Clear();
            using var client = new CertCentralClient(options);

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(184));

            Assert.Equal(code, error.ErrorCode); // the exception keeps it whole
            Assert.InRange(error.Message.Length, 1, 2_000);
            var retry = Assert.Single(recorded.Measurements, m => m.Instrument == "certcentral.client.retries");
            var reason = Assert.IsType<string>(retry.Tags["digicert.retry.reason"]);
            Assert.StartsWith("HTTP 503 overloaded|xxx", reason);
            Assert.InRange(reason.Length, 1, 200);
            Assert.NotEmpty(logs.Entries);
            Assert.All(logs.Entries, e => Assert.InRange(e.Message.Length + string.Concat(e.State.Select(s => s.Value)).Length, 1, 2_000));
            Assert.InRange(spans.AllText.Length, 1, 4_000);
        }

        [Fact]
        public async Task The_wait_for_a_rate_limit_permit_is_measured()
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, 200, ApiKeyBody));
            using var recorded = new Recorded(server.BaseUri.Port);
            var options = new CertCentralClientOptions { ApiKey = "PERMITWAIT-" + Guid.NewGuid().ToString("N"), BaseUri = server.BaseUri };
            options.RateLimits.Clear();
            options.RateLimits.Add(new RequestRateLimit(1, TimeSpan.FromMilliseconds(300)));
            using var client = new CertCentralClient(options);

            await Task.WhenAll(client.GetOrganizationValidationsAsync(1), client.GetOrganizationValidationsAsync(2));

            var waits = recorded.Of("certcentral.client.rate_limit.wait.duration", "getOrganizationValidations").Select(w => w.Value).OrderBy(v => v).ToList();
            Assert.True(waits.Count >= 2, $"only {waits.Count} waits recorded");
            Assert.True(waits.Last() >= 0.25, $"the queued call's wait was {waits.Last()} s"); // one waited for the window
        }
    }
}
