using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DigiCert.CertCentral.Pacing;
using DigiCert.CertCentral.Tests.TestSupport;

namespace DigiCert.CertCentral.Tests.Pacing
{
    /// <summary>
    /// The client's own pacer, through the client: pacing keeps its word against a server that
    /// enforces its limits exactly, as CertCentral does (scaled down in time so that a test takes
    /// seconds, not minutes), alone or shared by clients of one key; and the pacer remembers keys
    /// only while they count a request.
    /// </summary>
    [Collection(TimingCollection.Name)]
    public class LocalRequestPacerTests
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
            using var pacer = new LocalRequestPacer(new[] { limit });

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
        public async Task A_limit_too_large_to_reach_costs_no_memory_up_front()
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            using var pacer = new LocalRequestPacer(new[] { new RequestRateLimit(int.MaxValue, TimeSpan.FromDays(1)) });
            using (var lease = await pacer.AcquireAsync(new PacingKey("HUGELIMIT" + Guid.NewGuid().ToString("N")), default))
            {
                Assert.True(lease.IsAcquired);
            }

            Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64 * 1024); // nothing sized by the limit
            var handler = new RecordingHandler(System.Net.HttpStatusCode.OK, ApiKeyBody);
            using var client = new CertCentralClient(handler, new CertCentralClientOptions { ApiKey = "HUGELIMIT" + Guid.NewGuid().ToString("N"), Pacer = pacer });
            for (var i = 0; i < 1000; i++) await client.GetKeyInfoAsync(1);
            Assert.Equal(1000, handler.Requests.Count);
        }

        [Fact]
        public async Task A_429_pauses_the_key_for_every_client_of_the_pacer()
        {
            // One client draws a 429 with a 1.5 s Retry-After; another client of the same pacer and key
            // that starts right after must wait out the pause before it sends anything.
            var arrivals = new ConcurrentQueue<(string Path, long At)>();
            await using var server = await LoopbackServer.StartAsync((c, n) =>
            {
                arrivals.Enqueue((c.Request.Path.Value!, System.Diagnostics.Stopwatch.GetTimestamp()));
                return n == 1
                    ? LoopbackServer.Json(c, 429, Repo.Recording("getOrganizationValidations.rateLimited.json"), ("Retry-After", "2"))
                    : LoopbackServer.Json(c, 200, ApiKeyBody);
            });
            var key = "PAUSED" + Guid.NewGuid().ToString("N");
            using var pacer = new LocalRequestPacer(new[] { new RequestRateLimit(100, TimeSpan.FromSeconds(1)) });
            var first = Options(server, key);
            first.Pacer = pacer;
            first.MaxRetries = 0;
            var second = Options(server, key);
            second.Pacer = pacer;
            using var limited = new CertCentralClient(first);
            using var other = new CertCentralClient(second);

            await Assert.ThrowsAsync<CertCentralException>(() => limited.GetKeyInfoAsync(1)); // no retry, but the pause stands
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await other.GetKeyInfoAsync(2);

            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"the other client went after {clock.Elapsed}");
            Assert.Equal(2, arrivals.Count);
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

        /// <summary>Tests of this suite that run in no collection (beside the others).</summary>
        public class InParallel
        {
            [Fact]
            public async Task A_burst_paced_by_the_client_draws_no_429()
            {
                var statuses = new ConcurrentBag<int>();
                // The server allows 10 per 800 ms and refuses this burst unpaced (the next test); the client's 10 per second keeps every 800 ms within it.
                await using var server = await ExactServerAsync(statuses, new RequestRateLimit(10, TimeSpan.FromMilliseconds(800)));
                var client = new CertCentralClient(Options(server, "PACINGKEY" + Guid.NewGuid().ToString("N"), new RequestRateLimit(10, TimeSpan.FromSeconds(1))));

                var keys = await Task.WhenAll(Enumerable.Range(1, 25).Select(i => client.GetKeyInfoAsync(i)));

                Assert.Equal(25, keys.Length);
                Assert.All(statuses, s => Assert.Equal(200, s));
            }

            [Fact]
            public async Task The_same_burst_without_pacing_is_rate_limited()
            {
                var statuses = new ConcurrentBag<int>();
                await using var server = await ExactServerAsync(statuses, new RequestRateLimit(10, TimeSpan.FromMilliseconds(800)));
                var client = new CertCentralClient(Options(server, "PACINGKEY" + Guid.NewGuid().ToString("N")));

                var outcomes = await Task.WhenAll(Enumerable.Range(1, 25).Select(async i =>
                {
                    try { await client.GetKeyInfoAsync(i); return 200; }
                    catch (CertCentralException e) { return e.Status; }
                }));

                Assert.Contains(429, outcomes); // so the previous test's server does enforce its limit
            }

            [Fact]
            public async Task Clients_of_one_key_given_one_pacer_share_the_pacing()
            {
                var statuses = new ConcurrentBag<int>();
                await using var server = await ExactServerAsync(statuses, new RequestRateLimit(10, TimeSpan.FromMilliseconds(800)));
                var limit = new RequestRateLimit(10, TimeSpan.FromSeconds(1));
                var key = "SHAREDKEY" + Guid.NewGuid().ToString("N");
                using var pacer = new LocalRequestPacer(new[] { limit });
                var clients = Enumerable.Range(0, 5).Select(_ =>
                {
                    var options = new CertCentralClientOptions { ApiKey = key, BaseUri = server.BaseUri, MaxRetries = 0, Pacer = pacer };
                    return new CertCentralClient(options);
                }).ToArray();

                await Task.WhenAll(Enumerable.Range(0, 25).Select(i => clients[i % clients.Length].GetKeyInfoAsync(i + 1)));

                Assert.Equal(25, statuses.Count);
                Assert.All(statuses, s => Assert.Equal(200, s));
            }

            [Theory]
            [InlineData(60)]       // beyond what one Task.Delay can wait (49.7 days)
            [InlineData(-1)]       // TimeSpan.MaxValue: "until further notice"
            public async Task A_pause_of_any_length_holds_the_key_until_the_callers_token_ends_the_wait(int days)
            {
                using var pacer = new LocalRequestPacer(new[] { new RequestRateLimit(5, TimeSpan.FromSeconds(1)) });
                var key = new PacingKey("LONGPAUSE" + days);
                await pacer.PauseAsync(key, days < 0 ? TimeSpan.MaxValue : TimeSpan.FromDays(days), default);
                using var cancellation = new System.Threading.CancellationTokenSource(TimeSpan.FromMilliseconds(300));

                var waiting = pacer.AcquireAsync(key, cancellation.Token).AsTask();

                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(30)));
            }

            [Fact]
            public async Task Keys_are_forgotten_once_their_windows_are_empty()
            {
                using var pacer = new LocalRequestPacer(new[] { new RequestRateLimit(5, TimeSpan.FromMilliseconds(200)) });
                for (var i = 0; i < 1000; i++)
                {
                    using var lease = await pacer.AcquireAsync(new PacingKey("MANYKEYS" + i), default);
                }

                Assert.Equal(1000, pacer.KeyCount);
                await Task.Delay(400);
                Assert.Equal(0, pacer.KeyCount);
            }
        }
    }
}
