using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.RateLimiting;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// CertCentral counts requests per API key, so every client of one key in the process shares
    /// one limiter. Each client holds a reference for its lifetime; once no client holds it and its
    /// windows hold no request, the limiter is dropped, so keys no longer in use keep nothing alive.
    /// </summary>
    internal static class SharedRateLimiters
    {
        private static readonly Dictionary<string, Entry> ByKey = new Dictionary<string, Entry>(StringComparer.Ordinal);

        /// <summary>The number of keys with a live limiter (for tests).</summary>
        public static int Count
        {
            get
            {
                lock (ByKey) return ByKey.Count;
            }
        }

        /// <exception cref="ArgumentException">A live client of this key paces with other limits.</exception>
        public static Reference Acquire(string apiKey, IReadOnlyCollection<RequestRateLimit> limits)
        {
            var id = KeyId(apiKey);
            var signature = string.Join(", ", limits.Select(l => l.ToString()));
            lock (ByKey)
            {
                Sweep();
                if (ByKey.TryGetValue(id, out var entry) && entry.Limits != signature)
                {
                    // CertCentral counts per key: two limiters for one key would let the key exceed both.
                    throw new ArgumentException(
                        $"Another client of this API key paces with other limits ({entry.Limits}, not {signature}); the key's requests can only be paced together. Give every client of a key the same RateLimits, or share one RateLimiter.",
                        nameof(limits));
                }

                if (entry is null)
                {
                    entry = new Entry(new CertCentralRateLimiter(limits), signature);
                    ByKey.Add(id, entry);
                }

                entry.References++;
                return new Reference(id, entry.Limiter);
            }
        }

        private static void Release(string id)
        {
            lock (ByKey)
            {
                if (!ByKey.TryGetValue(id, out var entry) || --entry.References > 0) return;
                Sweep();
            }
        }

        // Drops the limiters no client holds once they no longer remember a request: a client
        // disposed and created again (say, one per call) must not start from an empty window.
        // Run whenever a client comes or goes, so nothing needs a timer.
        private static void Sweep()
        {
            List<string>? idle = null;
            foreach (var pair in ByKey)
            {
                if (pair.Value.References == 0 && !pair.Value.Limiter.RemembersRequests) (idle ??= new List<string>()).Add(pair.Key);
            }

            if (idle is null) return;
            foreach (var id in idle)
            {
                ByKey[id].Limiter.Dispose();
                ByKey.Remove(id);
            }
        }

        // Keyed by the key itself: the client holds it in memory anyway, and hashing it would load
        // the platform's cryptography in every new process (a cost on the first call).
        private static string KeyId(string apiKey) => apiKey;

        private sealed class Entry
        {
            public Entry(CertCentralRateLimiter limiter, string limits)
            {
                Limiter = limiter;
                Limits = limits;
            }

            public CertCentralRateLimiter Limiter { get; }

            public string Limits { get; }

            public int References { get; set; }
        }

        /// <summary>One client's hold on a shared limiter; disposing it lets the limiter go when no client holds it.</summary>
        public sealed class Reference : IDisposable
        {
            private string? _id;

            public Reference(string id, RateLimiter limiter)
            {
                _id = id;
                Limiter = limiter;
            }

            public RateLimiter Limiter { get; }

            public void Dispose()
            {
                var id = System.Threading.Interlocked.Exchange(ref _id, null);
                if (id != null) Release(id);
            }
        }
    }
}
