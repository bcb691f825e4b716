using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace DigiCert.CertCentral.Tests.Pipeline
{
    public class PacingAndLimitsTests
    {
        private static readonly string ApiKeyBody = Repo.Recording("getKeyInfo.apiKey.json");

        /// <summary>A server that answers 429 when more than <paramref name="permits"/> requests arrive within <paramref name="window"/>.</summary>
        private static Task<LoopbackServer> RateLimitedServerAsync(int permits, TimeSpan window, ConcurrentBag<int> statuses)
        {
            var arrivals = new ConcurrentQueue<DateTime>();
            var gate = new object();
            return LoopbackServer.StartAsync((c, _) =>
            {
                bool allowed;
                lock (gate)
                {
                    var now = DateTime.UtcNow;
                    allowed = arrivals.Count(t => now - t < window) < permits;
                    arrivals.Enqueue(now);
                }

                statuses.Add(allowed ? 200 : 429);
                return allowed
                    ? LoopbackServer.Json(c, 200, ApiKeyBody)
                    : LoopbackServer.Json(c, 429, Repo.Recording("getOrganizationValidations.rateLimited.json"));
            });
        }

        // Each test its own key: pacing is shared per key across the process.
        private static CertCentralClient NewClient(LoopbackServer server, params RequestRateLimit[] limits) => NewClient(server, "PACINGKEY" + Guid.NewGuid().ToString("N"), limits);

        private static CertCentralClient NewClient(LoopbackServer server, string key, params RequestRateLimit[] limits)
        {
            var options = new CertCentralClientOptions { ApiKey = key, BaseUri = server.BaseUri, MaxRetries = 0 };
            options.RateLimits.Clear();
            foreach (var limit in limits) options.RateLimits.Add(limit);
            return new CertCentralClient(options);
        }

        [Fact]
        public async Task A_burst_paced_by_the_client_draws_no_429()
        {
            var statuses = new ConcurrentBag<int>();
            // The server is a little stricter than the client's 10 per second, so only real pacing passes.
            await using var server = await RateLimitedServerAsync(10, TimeSpan.FromMilliseconds(800), statuses);
            var client = NewClient(server, new RequestRateLimit(10, TimeSpan.FromSeconds(1)));

            var keys = await Task.WhenAll(Enumerable.Range(1, 25).Select(i => client.GetKeyInfoAsync(i)));

            Assert.Equal(25, keys.Length);
            Assert.All(statuses, s => Assert.Equal(200, s));
        }

        [Fact]
        public async Task Clients_of_one_key_given_one_pacer_share_the_pacing()
        {
            var statuses = new ConcurrentBag<int>();
            await using var server = await RateLimitedServerAsync(10, TimeSpan.FromMilliseconds(800), statuses);
            var limit = new RequestRateLimit(10, TimeSpan.FromSeconds(1));
            var key = "SHAREDKEY" + Guid.NewGuid().ToString("N");
            using var pacer = new Pacing.LocalRequestPacer(new[] { limit });
            var clients = Enumerable.Range(0, 5).Select(_ =>
            {
                var options = new CertCentralClientOptions { ApiKey = key, BaseUri = server.BaseUri, MaxRetries = 0, Pacer = pacer };
                return new CertCentralClient(options);
            }).ToArray();

            await Task.WhenAll(Enumerable.Range(0, 25).Select(i => clients[i % clients.Length].GetKeyInfoAsync(i + 1)));

            Assert.Equal(25, statuses.Count);
            Assert.All(statuses, s => Assert.Equal(200, s));
        }

        [Fact]
        public async Task The_same_burst_without_pacing_is_rate_limited()
        {
            var statuses = new ConcurrentBag<int>();
            await using var server = await RateLimitedServerAsync(10, TimeSpan.FromMilliseconds(800), statuses);
            var client = NewClient(server);

            var outcomes = await Task.WhenAll(Enumerable.Range(1, 25).Select(async i =>
            {
                try { await client.GetKeyInfoAsync(i); return 200; }
                catch (CertCentralException e) { return e.Status; }
            }));

            Assert.Contains(429, outcomes); // so the previous test's server does enforce its limit
        }

    }
}
