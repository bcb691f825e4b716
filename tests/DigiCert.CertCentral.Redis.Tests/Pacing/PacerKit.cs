using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Pacing;
using DigiCert.CertCentral.Redis.Tests.Servers;
using StackExchange.Redis;

namespace DigiCert.CertCentral.Redis.Tests.Pacing
{
    /// <summary>What the pacer tests share: limits, options, connections, keys and a burst whose requests arrive anywhere in their exchange.</summary>
    internal static class PacerKit
    {
        internal static RequestRateLimit Limit(int permits, int milliseconds) => new RequestRateLimit(permits, TimeSpan.FromMilliseconds(milliseconds));

        internal static RedisRequestPacerOptions Options(TimeSpan? lease, params RequestRateLimit[] limits)
        {
            var options = new RedisRequestPacerOptions();
            options.Limits.Clear();
            foreach (var limit in limits) options.Limits.Add(limit);
            if (lease is TimeSpan duration) options.LeaseDuration = duration;
            return options;
        }

        internal static async Task<ConnectionMultiplexer> ConnectAsync(RedisServer redis) =>
            await ConnectionMultiplexer.ConnectAsync(redis.EndPoint + ",abortConnect=false,allowAdmin=true,connectTimeout=5000");

        /// <summary>Ends a wait that a broken pacer would never end, so that the test fails instead of hanging.</summary>
        internal static CancellationToken Deadline => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

        internal static PacingKey NewKey(string label) => new PacingKey(label + Guid.NewGuid().ToString("N"));

        internal static RedisKey QueueKey(PacingKey key) => RedisRequestPacerOptions.DefaultKeyPrefix + "{" + key.Id + "}:queue";

        internal static RedisKey InflightKey(PacingKey key) => RedisRequestPacerOptions.DefaultKeyPrefix + "{" + key.Id + "}:inflight";

        /// <summary>Requests that arrive anywhere between their permit and its release (each waits a random 0-40 ms in all).</summary>
        internal static async Task<List<TimeSpan>> BurstAsync(IReadOnlyList<RequestPacer> pacers, PacingKey key, int calls)
        {
            var clock = Stopwatch.StartNew();
            var arrivals = new ConcurrentBag<TimeSpan>();
            await Task.WhenAll(Enumerable.Range(0, calls).Select(async i =>
            {
                using var lease = await pacers[i % pacers.Count].AcquireAsync(key, Deadline);
                var exchange = Random.Shared.Next(0, 40);
                var arrival = Random.Shared.Next(0, exchange + 1);
                await Task.Delay(arrival);
                arrivals.Add(clock.Elapsed);
                await Task.Delay(exchange - arrival);
            }));
            return arrivals.OrderBy(t => t).ToList();
        }

        /// <summary>Arrivals that found <c>permits</c> others within the window before them, for any limit.</summary>
        internal static int Violations(IReadOnlyList<TimeSpan> sortedArrivals, IEnumerable<RequestRateLimit> limits) =>
            limits.Sum(limit => sortedArrivals.Where((t, i) => sortedArrivals.Take(i).Count(earlier => earlier > t - limit.Window) >= limit.Permits).Count());
    }
}
