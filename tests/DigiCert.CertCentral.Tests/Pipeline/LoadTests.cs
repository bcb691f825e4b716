using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;

namespace DigiCert.CertCentral.Tests.Pipeline
{
    /// <summary>
    /// A bounded load over loopback: thousands of concurrent calls through one client, with 429s
    /// injected. Asserts behaviour (no failure, bounded connections, retries), not speed; speed is
    /// measured by the benchmarks.
    /// </summary>
    [Collection(TimingCollection.Name)]
    public class LoadTests
    {
        private const int Calls = 3000;

        [Fact]
        public async Task Thousands_of_concurrent_calls_through_one_client_all_succeed_on_a_bounded_pool()
        {
            var injected429 = 0;
            var body = Repo.Recording("getKeyInfo.apiKey.json");
            await using var server = await LoopbackServer.StartAsync((c, n) =>
            {
                if (n % 7 == 0)
                {
                    Interlocked.Increment(ref injected429);
                    return LoopbackServer.Json(c, 429, Repo.Recording("getOrganizationValidations.rateLimited.json"));
                }

                return LoopbackServer.Json(c, 200, body);
            });
            var options = new CertCentralClientOptions
            {
                ApiKey = ClientFactory.ApiKey,
                BaseUri = server.BaseUri,
                MaxRetries = 6,
                RetryBaseDelay = TimeSpan.FromMilliseconds(5),
                MaxRetryDelay = TimeSpan.FromMilliseconds(200),
            };
            options.RateLimits.Clear(); // the load is the point here; pacing has its own tests
            using var client = new CertCentralClient(options);

            var all = Task.WhenAll(Enumerable.Range(1, Calls).Select(i => client.GetKeyInfoAsync(i)));
            Assert.Same(all, await Task.WhenAny(all, Task.Delay(TimeSpan.FromMinutes(3)))); // bounded in time
            var keys = await all;

            Assert.Equal(Calls, keys.Length);
            Assert.All(keys, k => Assert.Equal(184, k.Id));
            Assert.True(injected429 > Calls / 10, $"only {injected429} 429s were injected");
            Assert.Equal(Calls + injected429, server.Requests); // every 429 was retried, nothing else was
            Assert.InRange(server.Connections.Count, 1, options.MaxConnections); // pooled, not a socket per call
        }
    }
}
