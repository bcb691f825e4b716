using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace DigiCert.CertCentral.Tests.Pipeline
{
    /// <summary>
    /// Which failures are retried, after how long (back-off, Retry-After), and what the exception
    /// says when retries end; over real HTTP against a loopback Kestrel server.
    /// </summary>
    [Collection(TimingCollection.Name)]
    public class RetryPolicyTests
    {
        private static readonly string ApiKeyBody = Repo.Recording("getKeyInfo.apiKey.json");
        private static readonly string RateLimitedBody = Repo.Recording("getOrganizationValidations.rateLimited.json");

        private static CertCentralClient NewClient(LoopbackServer server, LogCollector? logs = null, Action<CertCentralClientOptions>? configure = null)
        {
            var options = new CertCentralClientOptions
            {
                ApiKey = "RETRYKEY" + Guid.NewGuid().ToString("N"), // its own pacing: pacing is shared per key
                BaseUri = server.BaseUri,
                RetryBaseDelay = TimeSpan.FromMilliseconds(10),
                MaxRetryDelay = TimeSpan.FromSeconds(5),
                LoggerFactory = logs,
            };
            configure?.Invoke(options);
            return new CertCentralClient(options);
        }

        [Fact]
        public async Task Rate_limited_calls_are_retried_until_they_succeed()
        {
            await using var server = await LoopbackServer.StartAsync((c, n) => n <= 2 ? LoopbackServer.Json(c, 429, RateLimitedBody) : LoopbackServer.Json(c, 200, ApiKeyBody));
            var logs = new LogCollector();

            var key = await NewClient(server, logs).GetKeyInfoAsync(184);

            Assert.Equal(184, key.Id);
            Assert.Equal(3, server.Requests);
            Assert.Equal(2, logs.Events("RetryScheduled").Count());
            Assert.Contains("HTTP 429 request_limit_exceeded", logs.Events("RetryScheduled").First());
        }

        [Fact]
        public async Task Unavailable_and_unreachable_are_retried()
        {
            await using var server = await LoopbackServer.StartAsync((c, n) => n switch
            {
                1 => LoopbackServer.Json(c, 503, "{}"),
                2 => Task.Run(c.Abort), // the connection drops without a response
                _ => LoopbackServer.Json(c, 200, ApiKeyBody),
            });

            var key = await NewClient(server).GetKeyInfoAsync(184);

            Assert.Equal(184, key.Id);
            Assert.Equal(3, server.Requests);
        }

        [Theory]
        [InlineData(400)]
        [InlineData(401)]
        [InlineData(403)]
        [InlineData(404)]
        [InlineData(501)]
        public async Task Errors_that_will_not_pass_are_not_retried_and_are_not_transient(int status)
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, status, "{\"errors\":[{\"code\":\"x\",\"message\":\"y\"}]}"));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => NewClient(server).GetKeyInfoAsync(184));

            Assert.Equal(status, error.Status);
            Assert.Equal(1, error.Attempts);
            Assert.Equal(1, server.Requests);
            Assert.False(error.IsTransient);
        }

        [Theory]
        [InlineData(408)]
        [InlineData(429)]
        [InlineData(500)]
        [InlineData(502)]
        [InlineData(503)]
        [InlineData(504)]
        public async Task Transient_statuses_are_retried_and_say_so(int status)
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, status, "<html>proxy</html>"));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => NewClient(server, configure: o => o.MaxRetries = 2).GetKeyInfoAsync(184));

            Assert.Equal(status, error.Status);
            Assert.Equal(3, server.Requests);
            Assert.Equal(3, error.Attempts);
            Assert.True(error.IsTransient);
        }

        [Theory]
        [InlineData("0")]
        [InlineData("Thu, 01 Jan 1970 00:00:00 GMT")]
        public async Task A_retry_after_shorter_than_the_base_delay_waits_the_base_delay(string retryAfter)
        {
            var arrivals = new System.Collections.Concurrent.ConcurrentQueue<long>();
            await using var server = await LoopbackServer.StartAsync((c, n) =>
            {
                arrivals.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
                return n == 1 ? LoopbackServer.Json(c, 503, "{}", ("Retry-After", retryAfter)) : LoopbackServer.Json(c, 200, ApiKeyBody);
            });

            await NewClient(server, configure: o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(400)).GetKeyInfoAsync(184);

            var times = arrivals.ToArray();
            Assert.Equal(2, times.Length);
            Assert.True((times[1] - times[0]) * 1000 / System.Diagnostics.Stopwatch.Frequency >= 390, "the retry went before RetryBaseDelay");
        }

        [Fact]
        public async Task After_the_last_retry_the_exception_says_it_was_rate_limited()
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, 429, RateLimitedBody));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => NewClient(server, configure: o => o.MaxRetries = 3).GetKeyInfoAsync(184));

            Assert.Equal(4, server.Requests);
            Assert.Equal(4, error.Attempts);
            Assert.True(error.IsRateLimited);
            Assert.Equal("request_limit_exceeded", error.ErrorCode);
            Assert.EndsWith("Gave up after 4 attempts, rate limited each time.", error.Message);
        }

        [Fact]
        public async Task Retries_can_be_turned_off()
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, 429, RateLimitedBody));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => NewClient(server, configure: o => o.MaxRetries = 0).GetKeyInfoAsync(184));

            Assert.Equal(1, server.Requests);
            Assert.Equal(1, error.Attempts);
        }

        [Fact]
        public async Task Retry_after_in_seconds_sets_the_delay()
        {
            await using var server = await LoopbackServer.StartAsync((c, n) => n == 1 ? LoopbackServer.Json(c, 429, RateLimitedBody, ("Retry-After", "1")) : LoopbackServer.Json(c, 200, ApiKeyBody));
            var logs = new LogCollector();

            await NewClient(server, logs).GetKeyInfoAsync(184);

            var retry = Assert.Single(logs.Entries, e => e.Event.Name == "RetryScheduled");
            Assert.Equal(1000L, retry.State.Single(s => s.Key == "DelayMilliseconds").Value);
        }

        [Fact]
        public async Task Retry_after_as_an_http_date_sets_the_delay()
        {
            await using var server = await LoopbackServer.StartAsync((c, n) => n == 1
                ? LoopbackServer.Json(c, 503, "{}", ("Retry-After", DateTimeOffset.UtcNow.AddSeconds(2).ToString("r", CultureInfo.InvariantCulture)))
                : LoopbackServer.Json(c, 200, ApiKeyBody));
            var logs = new LogCollector();

            await NewClient(server, logs).GetKeyInfoAsync(184);

            var delay = (long)Assert.Single(logs.Entries, e => e.Event.Name == "RetryScheduled").State.Single(s => s.Key == "DelayMilliseconds").Value!;
            Assert.InRange(delay, 900, 2100); // whole seconds in the header, measured from now
        }

        [Fact]
        public async Task A_retry_after_longer_than_the_longest_wait_ends_the_call_at_once()
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, 429, RateLimitedBody, ("Retry-After", "3600")));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => NewClient(server).GetKeyInfoAsync(184));

            Assert.Equal(1, server.Requests);
            Assert.True(error.IsRateLimited);
        }

        [Theory]
        [InlineData("Fri Nov  6 08:49:37 2099")]          // asctime, which HTTP recipients must accept too
        [InlineData("Sunday, 06-Nov-44 08:49:37 GMT")]    // RFC 850 (obsolete, two-digit year)
        [InlineData("Fri, 06 Nov 2099 08:49:37 GMT")]     // RFC 1123, for comparison
        public async Task A_retry_after_in_any_http_date_form_is_read_as_a_date(string date)
        {
            // Far in the future: longer than the client waits, so the call ends at once instead of backing off on its own.
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, 503, "{}", ("Retry-After", date)));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => NewClient(server).GetKeyInfoAsync(184));

            Assert.Equal(1, server.Requests);
            Assert.Contains("longer than the client waits", error.Message);
        }

        [Theory]
        [InlineData("99999999999")]
        [InlineData("999999999999999999999999999999")]
        public async Task A_retry_after_too_large_to_represent_is_too_long_not_invalid(string seconds)
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, 503, "{}", ("Retry-After", seconds)));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => NewClient(server).GetKeyInfoAsync(184));

            Assert.Equal(1, server.Requests);
            Assert.Equal(503, error.Status);
            Assert.Contains("longer than the client waits", error.Message);
        }

        [Fact]
        public async Task Giving_up_says_how_each_attempt_ended()
        {
            await using var server = await LoopbackServer.StartAsync((c, n) => LoopbackServer.Json(c, n < 3 ? 503 : 429, RateLimitedBody));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => NewClient(server, configure: o => o.MaxRetries = 2).GetKeyInfoAsync(184));

            Assert.Equal(3, error.Attempts);
            Assert.Contains("Gave up after 3 attempts: HTTP 503, HTTP 503, HTTP 429.", error.Message);
            Assert.DoesNotContain("rate limited each time", error.Message);
        }

        [Fact]
        public async Task Cancellation_during_back_off_ends_the_call_promptly()
        {
            using var cancellation = new CancellationTokenSource();
            await using var server = await LoopbackServer.StartAsync((c, _) =>
            {
                cancellation.CancelAfter(TimeSpan.FromMilliseconds(300)); // once the attempt has arrived, however slow the machine
                return LoopbackServer.Json(c, 429, RateLimitedBody, ("Retry-After", "20"));
            });

            var call = NewClient(server, configure: o => o.MaxRetryDelay = TimeSpan.FromSeconds(30)).GetKeyInfoAsync(184, cancellation.Token);

            Assert.Same(call, await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(15)))); // well before the 20 s back-off
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
            Assert.Equal(1, server.Requests);
        }
    }
}
