using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// Which failures are retried and how long to wait: no response at all, a timed-out attempt,
    /// and HTTP 408, 429, 500, 502, 503 and 504 (the requests are idempotent GETs). The delay is the
    /// server's <c>Retry-After</c>, never shorter than <c>RetryBaseDelay</c>; without one, exponential
    /// back-off with jitter. A <c>Retry-After</c> longer than <c>MaxRetryDelay</c> ends the call.
    /// </summary>
    internal sealed class RetryPolicy
    {
        private readonly int _maxRetries;
        private readonly TimeSpan _baseDelay;
        private readonly TimeSpan _maxDelay;

        public RetryPolicy(int maxRetries, TimeSpan baseDelay, TimeSpan maxDelay)
        {
            _maxRetries = maxRetries;
            _baseDelay = baseDelay;
            _maxDelay = maxDelay;
        }

        public static bool IsRetriedStatus(int status) => status is 408 or 429 or 500 or 502 or 503 or 504;

        /// <summary>Whether attempt number <paramref name="attempt"/> may be followed by another.</summary>
        public bool CanRetry(int attempt) => attempt <= _maxRetries;

        /// <summary>The wait before the next attempt; null with a note when the server asks for longer than the client waits.</summary>
        public TimeSpan? Delay(int attempt, IReadOnlyDictionary<string, IEnumerable<string>>? headers, out string? note)
        {
            note = null;
            var asked = headers is null ? null : RetryAfter(headers, DateTimeOffset.UtcNow);
            if (asked > _maxDelay)
            {
                note = asked == TimeSpan.MaxValue
                    ? "The server's Retry-After is longer than the client waits (MaxRetryDelay), so it did not retry."
                    : string.Format(CultureInfo.InvariantCulture, "The server's Retry-After of {0:0} s is longer than the client waits (MaxRetryDelay), so it did not retry.", asked.Value.TotalSeconds);
                return null;
            }

            if (asked is TimeSpan wait) return wait < _baseDelay ? _baseDelay : wait;
            var exponential = _baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
            var jittered = exponential * (0.5 + (0.5 * Jitter.Next())); // between half and all of it
            return TimeSpan.FromMilliseconds(Math.Min(jittered, _maxDelay.TotalMilliseconds));
        }

        /// <summary>How long a 429 holds back the key when the call does not retry: the server's <c>Retry-After</c>, from <c>RetryBaseDelay</c> to <c>MaxRetryDelay</c>.</summary>
        public TimeSpan Pause(IReadOnlyDictionary<string, IEnumerable<string>> headers) =>
            RetryAfter(headers, DateTimeOffset.UtcNow) is TimeSpan asked ? (asked < _baseDelay ? _baseDelay : asked > _maxDelay ? _maxDelay : asked) : _baseDelay;

        /// <summary>A <c>Retry-After</c> (seconds or an HTTP date); <see cref="TimeSpan.MaxValue"/> when too large to represent; null when absent or unreadable.</summary>
        public static TimeSpan? RetryAfter(IReadOnlyDictionary<string, IEnumerable<string>> headers, DateTimeOffset now)
        {
            if (!headers.TryGetValue("Retry-After", out var values)) return null;
            var value = values.FirstOrDefault()?.Trim();
            if (string.IsNullOrEmpty(value)) return null;
            if (value!.All(c => c >= '0' && c <= '9'))
            {
                return double.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < TimeSpan.MaxValue.TotalSeconds - 1
                    ? TimeSpan.FromSeconds(seconds)
                    : TimeSpan.MaxValue;
            }

            // An HTTP date in any of its three forms (RFC 1123, and the obsolete RFC 850 and asctime
            // that recipients must accept too), read by .NET's own HTTP date parser.
            return System.Net.Http.Headers.RetryConditionHeaderValue.TryParse(value, out var parsed) && parsed?.Date is { } date
                ? (date > now ? date - now : TimeSpan.Zero)
                : null;
        }

        private static class Jitter
        {
            [ThreadStatic]
            private static Random? _random;

            public static double Next() => (_random ??= new Random(Guid.NewGuid().GetHashCode())).NextDouble();
        }
    }
}
