using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Resilience
{
    /// <summary>
    /// Makes each request wait until every configured limit has room (sliding windows, first come
    /// first served), so a burst stays under CertCentral's limits instead of drawing 429s.
    /// </summary>
    internal sealed class RequestPacer : IDisposable
    {
        private readonly RateLimiter[] _limiters;

        private RequestPacer(RateLimiter[] limiters) => _limiters = limiters;

        /// <summary>A pacer for the limits, or null when there are none.</summary>
        public static RequestPacer? Create(IEnumerable<RequestRateLimit> limits)
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

        public void Dispose()
        {
            foreach (var limiter in _limiters) limiter.Dispose();
        }
    }
}
