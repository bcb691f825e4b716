using System;

namespace DigiCert.CertCentral
{
    /// <summary>A rate limit the client keeps to on its own side: at most <see cref="Permits"/> requests per <see cref="Window"/>.</summary>
    public sealed class RequestRateLimit
    {
        /// <summary>Creates a limit.</summary>
        /// <param name="permits">Requests allowed in each window; positive.</param>
        /// <param name="window">The sliding window; positive.</param>
        /// <exception cref="ArgumentOutOfRangeException">An argument is not positive.</exception>
        public RequestRateLimit(int permits, TimeSpan window)
        {
            if (permits <= 0) throw new ArgumentOutOfRangeException(nameof(permits), permits, "The number of requests must be positive.");
            if (window <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(window), window, "The window must be positive.");
            Permits = permits;
            Window = window;
        }

        /// <summary>Requests allowed in each window.</summary>
        public int Permits { get; }

        /// <summary>The sliding window.</summary>
        public TimeSpan Window { get; }

        /// <summary>CertCentral's documented limits for one API key: 100 requests per 5 seconds and 1000 per 3 minutes.</summary>
        public static RequestRateLimit[] CertCentralDefaults => new[]
        {
            new RequestRateLimit(100, TimeSpan.FromSeconds(5)),
            new RequestRateLimit(1000, TimeSpan.FromMinutes(3)),
        };

        /// <inheritdoc/>
        public override string ToString() => $"{Permits} per {Window}";
    }
}
