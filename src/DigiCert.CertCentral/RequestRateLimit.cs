using System;
using System.Globalization;

namespace DigiCert.CertCentral
{
    /// <summary>A rate limit the client keeps to on its own side: at most <see cref="Permits"/> requests per <see cref="Window"/>.</summary>
    public sealed class RequestRateLimit
    {
        /// <summary>Creates a limit.</summary>
        /// <param name="permits">Requests allowed in each window; positive.</param>
        /// <param name="window">The sliding window; positive, at most a day.</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is not positive.</exception>
        public RequestRateLimit(int permits, TimeSpan window)
        {
            if (permits <= 0) throw new ArgumentOutOfRangeException(nameof(permits), FormattableString.Invariant($"The number of requests must be positive; it was {permits}."));
            if (!IsKeepable(window)) throw new ArgumentOutOfRangeException(nameof(window), FormattableString.Invariant($"The window must be positive and at most a day; it was {window}."));
            Permits = permits;
            Window = window;
        }

        /// <summary>
        /// Creates a limit to be filled by configuration binding (<c>"RateLimits": [{ "Permits": 100,
        /// "Window": "00:00:05" }]</c>). A limit missing either value, or with a value out of range, is
        /// refused when the client is created (with dependency injection, when the host starts) rather
        /// than dropped.
        /// </summary>
        public RequestRateLimit()
        {
        }

        /// <summary>Requests allowed in each window; positive.</summary>
        public int Permits { get; init; }

        /// <summary>The sliding window; positive, at most a day.</summary>
        public TimeSpan Window { get; init; }

        /// <summary>Why the limit cannot be kept, or null when it can.</summary>
        internal string? Problem =>
            Permits <= 0 ? $"{this}: the number of requests (Permits) must be positive"
            : !IsKeepable(Window) ? $"{this}: the window (Window) must be positive and at most a day"
            : null;

        // A window the pacers can keep: positive, and at most a day (they remember that long).
        private static bool IsKeepable(TimeSpan window) => window > TimeSpan.Zero && window <= TimeSpan.FromDays(1);

        /// <summary>CertCentral's documented limits for one API key: 100 requests per 5 seconds and 1000 per 3 minutes.</summary>
        public static RequestRateLimit[] CertCentralDefaults => new[]
        {
            new RequestRateLimit(100, TimeSpan.FromSeconds(5)),
            new RequestRateLimit(1000, TimeSpan.FromMinutes(3)),
        };

        /// <inheritdoc/>
        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} per {1}", Permits, Window);
    }
}
