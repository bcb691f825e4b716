using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace DigiCert.CertCentral.Resilience
{
    /// <summary>Reads a <c>Retry-After</c> response header: delay-seconds or an HTTP date.</summary>
    internal static class RetryAfter
    {
        public static TimeSpan? From(IReadOnlyDictionary<string, IEnumerable<string>> headers, DateTimeOffset now)
        {
            var value = headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault()?.Trim();
            if (string.IsNullOrEmpty(value)) return null;

            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                var wait = date - now;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }

            return null; // unreadable: fall back to exponential back-off
        }
    }
}
