using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace DigiCert.CertCentral.Tests.Pipeline
{
    /// <summary>
    /// Pacing keeps its word against a server that enforces its limits exactly, as CertCentral
    /// does (scaled down in time so that a test takes seconds, not minutes).
    /// </summary>
    [Collection(TimingCollection.Name)]
    public class PacingTests
    {
        private static readonly string ApiKeyBody = Repo.Recording("getKeyInfo.apiKey.json");

        /// <summary>Answers 429 to a request that arrives when <c>permits</c> requests already arrived within the window before it, for each limit.</summary>
        private static Task<LoopbackServer> ExactServerAsync(ConcurrentBag<int> statuses, params RequestRateLimit[] limits)
        {
            var arrivals = new List<long>();
            return LoopbackServer.StartAsync((c, _) =>
            {
                bool allowed;
                lock (arrivals)
                {
                    var now = System.Diagnostics.Stopwatch.GetTimestamp();
                    allowed = limits.All(limit => arrivals.Count(t => now - t < limit.Window.TotalSeconds * System.Diagnostics.Stopwatch.Frequency) < limit.Permits);
                    arrivals.Add(now);
                }

                statuses.Add(allowed ? 200 : 429);
                return allowed
                    ? LoopbackServer.Json(c, 200, ApiKeyBody)
                    : LoopbackServer.Json(c, 429, Repo.Recording("getOrganizationValidations.rateLimited.json"));
            });
        }

        private static CertCentralClientOptions Options(LoopbackServer server, string key, params RequestRateLimit[] limits)
        {
            var options = new CertCentralClientOptions { ApiKey = key, BaseUri = server.BaseUri, MaxRetries = 0 };
            options.RateLimits.Clear();
            foreach (var limit in limits) options.RateLimits.Add(limit);
            return options;
        }

        [Fact]
        public async Task A_burst_several_times_the_longer_limit_draws_no_429_from_an_exact_server()
        {
            // Two windows like CertCentral's (100 per 5 s, 1000 per 3 min), scaled: the burst is
            // three times the longer window's allowance, so both limits and their interplay matter.
            var limits = new[] { new RequestRateLimit(8, TimeSpan.FromMilliseconds(400)), new RequestRateLimit(24, TimeSpan.FromSeconds(2)) };
            var statuses = new ConcurrentBag<int>();
            await using var server = await ExactServerAsync(statuses, limits);
            using var client = new CertCentralClient(Options(server, "EXACT" + Guid.NewGuid().ToString("N"), limits));

            await Task.WhenAll(Enumerable.Range(1, 72).Select(i => client.GetKeyInfoAsync(i)));

            Assert.Equal(72, statuses.Count);
            Assert.All(statuses, s => Assert.Equal(200, s));
        }

        [Fact]
        public async Task Clients_given_one_pacer_keep_the_window_of_their_key_across_dispose()
        {
            var limit = new RequestRateLimit(10, TimeSpan.FromSeconds(1));
            var statuses = new ConcurrentBag<int>();
            await using var server = await ExactServerAsync(statuses, limit);
            var key = "ONEPERBURST" + Guid.NewGuid().ToString("N");
            using var pacer = new Pacing.LocalRequestPacer(new[] { limit });

            for (var round = 0; round < 3; round++)
            {
                var options = Options(server, key);
                options.Pacer = pacer;
                using var client = new CertCentralClient(options); // as "using var client" per unit of work does
                await Task.WhenAll(Enumerable.Range(1, 10).Select(i => client.GetKeyInfoAsync(i)));
            }

            Assert.Equal(30, statuses.Count);
            Assert.All(statuses, s => Assert.Equal(200, s));
        }

        [Fact]
        public async Task The_same_burst_unpaced_is_refused_by_that_server()
        {
            var limits = new[] { new RequestRateLimit(8, TimeSpan.FromMilliseconds(400)), new RequestRateLimit(24, TimeSpan.FromSeconds(2)) };
            var statuses = new ConcurrentBag<int>();
            await using var server = await ExactServerAsync(statuses, limits);
            using var client = new CertCentralClient(Options(server, "UNPACED" + Guid.NewGuid().ToString("N")));

            await Task.WhenAll(Enumerable.Range(1, 72).Select(i => Record.ExceptionAsync(() => client.GetKeyInfoAsync(i))));

            Assert.Contains(429, statuses); // so the test above can fail
        }

        [Fact]
        public async Task Waiting_for_a_permit_is_not_an_attempt_and_does_not_count_against_its_timeout()
        {
            // Generous exchange time, so a loaded machine cannot make an answered call time out;
            // what the test tells apart is a wait of 1.5x the attempt timeout failing or not.
            var limit = new RequestRateLimit(1, TimeSpan.FromSeconds(1.5));
            var statuses = new ConcurrentBag<int>();
            await using var server = await ExactServerAsync(statuses, limit);
            var options = Options(server, "QUEUED" + Guid.NewGuid().ToString("N"), limit);
            options.AttemptTimeout = TimeSpan.FromSeconds(2);
            using var client = new CertCentralClient(options);
            await client.GetKeyInfoAsync(1); // the first exchange (connection, JIT) is not the point

            // The last call waits about 3 s for its permit: longer than its attempt timeout.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var keys = await Task.WhenAll(Enumerable.Range(2, 2).Select(i => client.GetKeyInfoAsync(i)));

            Assert.Equal(2, keys.Length);
            Assert.True(clock.Elapsed > options.AttemptTimeout, $"the calls were not held long enough to tell ({clock.Elapsed})");
            Assert.Equal(3, server.Requests);
            Assert.All(statuses, s => Assert.Equal(200, s));
        }

        [Fact]
        public async Task A_pacer_that_refuses_ends_the_call_in_the_typed_error()
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, 200, ApiKeyBody));
            var options = Options(server, "REFUSED");
            options.Pacer = new RefusingPacer();
            options.MaxRetries = 3; // a refusal is the client's own decision: not retried
            using var client = new CertCentralClient(options);

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(1));

            Assert.Contains("rate limiter refused", error.Message);
            Assert.Equal(1, error.Attempts);
            Assert.Equal(0, server.Requests);
        }

        [Fact]
        public async Task A_limit_too_large_to_reach_costs_no_memory_up_front()
        {
            using var pacer = new Pacing.LocalRequestPacer(new[] { new RequestRateLimit(int.MaxValue, TimeSpan.FromDays(1)) });
            var handler = new RecordingHandler(System.Net.HttpStatusCode.OK, ApiKeyBody);
            using var client = new CertCentralClient(handler, new CertCentralClientOptions { ApiKey = "HUGELIMIT" + Guid.NewGuid().ToString("N"), Pacer = pacer });

            for (var i = 0; i < 1000; i++) await client.GetKeyInfoAsync(1);
        }

        [Fact]
        public async Task A_pacer_that_fails_ends_the_call_in_the_typed_error()
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, 200, ApiKeyBody));
            var options = Options(server, "BROKENLIMITER");
            options.Pacer = new BrokenPacer();
            using var client = new CertCentralClient(options);

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(1));

            Assert.Contains("rate limiter failed", error.Message);
            Assert.IsType<InvalidOperationException>(error.InnerException);
            Assert.Equal(0, server.Requests);
        }

        [Fact]
        public async Task Disposing_the_client_ends_a_call_queued_for_a_permit_at_once()
        {
            var limit = new RequestRateLimit(1, TimeSpan.FromSeconds(30));
            var statuses = new ConcurrentBag<int>();
            await using var server = await ExactServerAsync(statuses, limit);
            var client = new CertCentralClient(Options(server, "DISPOSEDQUEUE" + Guid.NewGuid().ToString("N"), limit));
            await client.GetKeyInfoAsync(1);
            var queued = client.GetKeyInfoAsync(2); // waits ~30 s for the window

            await Task.Delay(200);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            client.Dispose();

            await Assert.ThrowsAsync<ObjectDisposedException>(() => queued);
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
            Assert.Equal(1, server.Requests);
        }

        private sealed class BrokenPacer : Pacing.RequestPacer
        {
            public override ValueTask<RateLimitLease> AcquireAsync(Pacing.PacingKey key, CancellationToken cancellationToken) => throw new InvalidOperationException("limiter broke");

            public override ValueTask PauseAsync(Pacing.PacingKey key, TimeSpan duration, CancellationToken cancellationToken) => default;
        }

        private sealed class RefusingPacer : Pacing.RequestPacer
        {
            public override ValueTask<RateLimitLease> AcquireAsync(Pacing.PacingKey key, CancellationToken cancellationToken)
            {
                using var empty = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions { TokenLimit = 1, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromHours(1), QueueLimit = 0, AutoReplenishment = false });
                empty.AttemptAcquire(1); // takes the only token
                return new ValueTask<RateLimitLease>(empty.AttemptAcquire(1));
            }

            public override ValueTask PauseAsync(Pacing.PacingKey key, TimeSpan duration, CancellationToken cancellationToken) => default;
        }

    }

    /// <summary>A shared pacer remembers keys only while they count a request.</summary>
    public class LocalRequestPacerMemoryTests
    {
        [Fact]
        public async Task Keys_are_forgotten_once_their_windows_are_empty()
        {
            using var pacer = new Pacing.LocalRequestPacer(new[] { new RequestRateLimit(5, TimeSpan.FromMilliseconds(200)) });
            for (var i = 0; i < 1000; i++)
            {
                using var lease = await pacer.AcquireAsync(new Pacing.PacingKey("MANYKEYS" + i), default);
            }

            Assert.Equal(1000, pacer.KeyCount);
            await Task.Delay(400);
            Assert.Equal(0, pacer.KeyCount);
        }
    }
}
