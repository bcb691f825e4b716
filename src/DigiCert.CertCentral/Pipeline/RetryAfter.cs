using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>Reads a <c>Retry-After</c> response header: delay-seconds or an HTTP date.</summary>
    internal static class RetryAfter
    {
        /// <summary>The delay asked for; <see cref="TimeSpan.MaxValue"/> when it is too large to represent; null when absent or unreadable.</summary>
        public static TimeSpan? From(HttpResponseMessage response, DateTimeOffset now)
        {
            if (!response.Headers.TryGetValues("Retry-After", out var values)) return null;
            var value = values.FirstOrDefault()?.Trim();
            if (string.IsNullOrEmpty(value)) return null;

            if (value!.All(c => c >= '0' && c <= '9'))
            {
                // Any run of digits is a delay in seconds; one beyond what TimeSpan holds is simply "too long".
                return double.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < TimeSpan.MaxValue.TotalSeconds - 1
                    ? TimeSpan.FromSeconds(seconds)
                    : TimeSpan.MaxValue;
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
