using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace DigiCert.CertCentral.Tests.Diagnostics
{
    /// <summary>
    /// What a call logs and traces: its log entries (headers shown through an allow-list) and its
    /// spans, one per call and one per attempt. Metrics have their own suite (MetricsTests).
    /// </summary>
    [Collection(ActivityCollection.Name)]
    public class ObservabilityTests
    {
        private static readonly string ApiKeyBody = Repo.Recording("getKeyInfo.apiKey.json");

        private static CertCentralClient NewClient(LoopbackServer server, LogCollector logs) =>
            new CertCentralClient(new CertCentralClientOptions
            {
                ApiKey = ClientFactory.ApiKey,
                BaseUri = server.BaseUri,
                LoggerFactory = logs,
                RetryBaseDelay = TimeSpan.FromMilliseconds(5),
            });

        [Fact]
        public async Task A_call_logs_its_start_and_end_with_headers_redacted_by_an_allow_list()
        {
            await using var server = await LoopbackServer.StartAsync(async (c, _) =>
            {
                await Task.Delay(60); // so the logged duration has something to measure
                await LoopbackServer.Json(c, 200, ApiKeyBody, ("X-Request-Id", "req-42"), ("Set-Cookie", "session=COOKIESECRET"));
            });
            var logs = new LogCollector();

            await NewClient(server, logs).GetKeyInfoAsync(184);

            var start = Assert.Single(logs.Entries, e => e.Event.Name == "RequestStarting");
            Assert.Equal(LogLevel.Debug, start.Level);
            Assert.Equal($"CertCentral getKeyInfo: GET {server.BaseUri}key/184, attempt 1", start.Message);
            var end = Assert.Single(logs.Entries, e => e.Event.Name == "RequestSucceeded");
            Assert.Equal(LogLevel.Information, end.Level);
            Assert.Equal(200, end.State.Single(s => s.Key == "StatusCode").Value);
            Assert.InRange((long)end.State.Single(s => s.Key == "ElapsedMilliseconds").Value!, 50, 30_000);
            Assert.Contains("X-Request-Id: req-42", end.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Content-Type: application/json", end.Message);
            Assert.Contains("Set-Cookie: [redacted]", end.Message);
            Assert.DoesNotContain("COOKIESECRET", logs.AllText);
            Assert.DoesNotContain(ClientFactory.ApiKey, logs.AllText);
        }

        [Fact]
        public async Task A_failed_call_logs_a_warning_with_status_and_code()
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, 404, Repo.Recording("listDuplicateCertificates.notFound.json")));
            var logs = new LogCollector();

            await Assert.ThrowsAsync<CertCentralException>(() => NewClient(server, logs).ListDuplicateCertificatesAsync(404));

            var failed = Assert.Single(logs.Entries, e => e.Event.Name == "RequestFailed");
            Assert.Equal(LogLevel.Warning, failed.Level);
            Assert.Equal(404, failed.State.Single(s => s.Key == "StatusCode").Value);
            Assert.Equal("not_found|order", failed.State.Single(s => s.Key == "ErrorCode").Value);
        }

        [Fact]
        public async Task Each_call_is_one_internal_span_with_an_http_client_span_per_attempt()
        {
            await using var server = await LoopbackServer.StartAsync((c, n) => n == 1
                ? LoopbackServer.Json(c, 429, Repo.Recording("getOrganizationValidations.rateLimited.json"))
                : LoopbackServer.Json(c, 200, ApiKeyBody));
            using var spans = new ActivityCollector("server.port", server.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

            await NewClient(server, new LogCollector()).GetKeyInfoAsync(184);

            var call = Assert.Single(spans.Activities, a => a.Kind == ActivityKind.Internal);
            Assert.Equal("CertCentral getKeyInfo", call.DisplayName);
            Assert.Equal("getKeyInfo", call.GetTagItem("digicert.operation"));
            Assert.Null(call.GetTagItem("http.response.status_code")); // HTTP detail is per attempt
            Assert.Single(call.Events, e => e.Name == "retry");
            Assert.NotEqual(ActivityStatusCode.Error, call.Status);
            var attempts = spans.Activities.Where(a => a.Kind == ActivityKind.Client).OrderBy(a => a.StartTimeUtc).ToList();
            Assert.Equal(2, attempts.Count);
            Assert.All(attempts, a =>
            {
                Assert.Equal(call.SpanId, a.ParentSpanId);
                Assert.Equal("GET", a.GetTagItem("http.request.method"));
                Assert.Equal($"{server.BaseUri}key/184", a.GetTagItem("url.full"));
                Assert.Equal("127.0.0.1", a.GetTagItem("server.address"));
            });
            Assert.Equal(429, attempts[0].GetTagItem("http.response.status_code"));
            Assert.Equal("429", attempts[0].GetTagItem("error.type"));
            Assert.Null(attempts[0].GetTagItem("http.request.resend_count"));
            Assert.Equal(200, attempts[1].GetTagItem("http.response.status_code"));
            Assert.Equal(1, attempts[1].GetTagItem("http.request.resend_count"));
        }

        [Fact]
        public async Task A_failed_call_marks_its_span_as_an_error()
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, 404, Repo.Recording("listDuplicateCertificates.notFound.json")));
            using var spans = new ActivityCollector("server.port", server.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

            await Assert.ThrowsAsync<CertCentralException>(() => NewClient(server, new LogCollector()).GetOrganizationValidationsAsync(1));

            var call = Assert.Single(spans.Activities, a => a.Kind == ActivityKind.Internal);
            Assert.Equal(ActivityStatusCode.Error, call.Status);
            Assert.Equal("404", call.GetTagItem("error.type"));
            var attempt = Assert.Single(spans.Activities, a => a.Kind == ActivityKind.Client);
            Assert.Equal(404, attempt.GetTagItem("http.response.status_code"));
            Assert.Equal(ActivityStatusCode.Error, attempt.Status);
        }

        [Fact]
        public async Task A_success_status_whose_body_cannot_be_read_is_logged_and_traced_as_a_failure()
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, 200, "<html>maintenance</html>"));
            using var spans = new ActivityCollector("server.port", server.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var logs = new LogCollector();

            var error = await Assert.ThrowsAsync<CertCentralException>(() => NewClient(server, logs).GetKeyInfoAsync(184));

            Assert.Equal(200, error.Status);
            Assert.Equal(1, server.Requests); // the same server would send the same body: not retried
            var failed = Assert.Single(logs.Entries, e => e.Event.Name == "RequestFailed");
            Assert.Equal(200, failed.State.Single(s => s.Key == "StatusCode").Value);
            Assert.Contains("Content-Type: application/json", failed.Message); // the response headers, as for any failure
            Assert.DoesNotContain(logs.Entries, e => e.Event.Name == "RequestSucceeded");
            var attempt = Assert.Single(spans.Activities, a => a.Kind == ActivityKind.Client);
            Assert.Equal(ActivityStatusCode.Error, attempt.Status);
            Assert.Equal(typeof(CertCentralException).FullName, attempt.GetTagItem("error.type"));
            Assert.Equal(200, attempt.GetTagItem("http.response.status_code"));
            Assert.Equal(ActivityStatusCode.Error, Assert.Single(spans.Activities, a => a.Kind == ActivityKind.Internal).Status);
        }

        /// <summary>Tests of this suite that run in the timing collection (alone).</summary>
        [Collection(TimingCollection.Name)]
        public class RunAlone
        {
            [Fact]
            public async Task A_log_level_changed_during_calls_breaks_nothing()
            {
                await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, 404, "{\"errors\":[{\"code\":\"not_found|key\",\"message\":\"no\"}]}"));
                var options = new CertCentralClientOptions { ApiKey = "FLIPPING", BaseUri = server.BaseUri, MaxRetries = 0 };
                options.RateLimits.Clear();
                options.LoggerFactory = new FlippingLoggerFactory();
                using var client = new CertCentralClient(options);

                for (var i = 0; i < 20; i++)
                {
                    var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(1));
                    Assert.Equal(404, error.Status);
                }
            }

            /// <summary>A logger whose levels turn on and off from one question to the next.</summary>
            private sealed class FlippingLoggerFactory : ILoggerFactory, ILogger
            {
                private int _asked;

                public ILogger CreateLogger(string categoryName) => this;

                public void AddProvider(ILoggerProvider provider) { }

                public void Dispose() { }

                public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

                public bool IsEnabled(LogLevel logLevel) => Interlocked.Increment(ref _asked) % 2 == 0;

                public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) => formatter(state, exception);
            }
        }
    }
}
