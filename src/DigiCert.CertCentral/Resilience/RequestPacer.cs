using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Resilience
{
    /// <summary>
    /// Makes each request wait until every configured limit has room (sliding windows, first come
    /// first served), so a burst stays under CertCentral's limits instead of drawing 429s.
    /// CertCentral counts per API key, so every client of one key in the process shares one pacer
    /// (clients from IHttpClientFactory are created per use).
    /// </summary>
    internal sealed class RequestPacer
    {
        private static readonly ConcurrentDictionary<string, RequestPacer> ByKey = new ConcurrentDictionary<string, RequestPacer>(StringComparer.Ordinal);
        private readonly RateLimiter[] _limiters;

        private RequestPacer(RateLimiter[] limiters) => _limiters = limiters;

        /// <summary>The pacer shared by every client of this key and limits, or null when there are no limits.</summary>
        public static RequestPacer? ForKey(string apiKey, IReadOnlyCollection<RequestRateLimit> limits)
        {
            if (limits.Count == 0) return null;
            // Keyed by a hash, so the key itself is not kept in another place.
            using var sha = SHA256.Create();
            var id = Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(apiKey))) + "|" + string.Join(",", limits.Select(l => $"{l.Permits}/{l.Window.Ticks}"));
            return ByKey.GetOrAdd(id, _ => Create(limits)!);
        }

        private static RequestPacer? Create(IEnumerable<RequestRateLimit> limits)
        {
            var limiters = limits.Select(limit => (RateLimiter)new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
            {
                PermitLimit = limit.Permits,
                Window = limit.Window,
                SegmentsPerWindow = Math.Max(1, Math.Min(limit.Permits, 20)),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            })).ToArray();
            return limiters.Length == 0 ? null : new RequestPacer(limiters);
        }

        public async ValueTask WaitAsync(CancellationToken cancellationToken)
        {
            foreach (var limiter in _limiters)
            {
                using var lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
                if (!lease.IsAcquired)
                {
                    throw new InvalidOperationException("The client-side rate limiter refused a request.");
                }
            }
        }
    }
}
