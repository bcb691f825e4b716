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

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_response_over_the_size_limit_fails_cleanly(bool sendContentLength)
        {
            var big = "{\"id\": 1, \"padding\": \"" + new string('x', 64 * 1024) + "\"}";
            await using var server = await LoopbackServer.StartAsync(async (c, _) =>
            {
                c.Response.ContentType = "application/json";
                if (sendContentLength) c.Response.ContentLength = Encoding.UTF8.GetByteCount(big);
                await c.Response.WriteAsync(big);
            });
            var options = new CertCentralClientOptions { ApiKey = ClientFactory.ApiKey, BaseUri = server.BaseUri, MaxRetries = 0, MaxResponseBytes = 16 * 1024 };

            var error = await Assert.ThrowsAsync<CertCentralException>(() => new CertCentralClient(options).GetKeyInfoAsync(1));

            Assert.Equal(200, error.Status);
            Assert.Contains("16,384-byte limit", error.Message);
        }

        [Fact]
        public async Task An_error_body_over_the_size_limit_fails_cleanly_too()
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, 500, new string(' ', 40 * 1024) + "{}"));
            var options = new CertCentralClientOptions { ApiKey = ClientFactory.ApiKey, BaseUri = server.BaseUri, MaxRetries = 0, MaxResponseBytes = 16 * 1024 };

            var error = await Assert.ThrowsAsync<CertCentralException>(() => new CertCentralClient(options).GetKeyInfoAsync(1));

            Assert.Equal(500, error.Status);
            Assert.Contains("limit", error.Message);
        }

    }
}
