using System;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Pacing
{
    /// <summary>
    /// Keeps the requests of each API key within CertCentral's rate limits, counted as the server
    /// counts them (on arrival). Every client given the same pacer takes its permits from one
    /// budget per key: <see cref="LocalRequestPacer"/> within a process, the
    /// <c>DigiCert.CertCentral.Redis</c> package across processes and machines.
    /// </summary>
    /// <remarks>
    /// The client takes a permit before each attempt and disposes it once that attempt's exchange
    /// is over (the whole response read): a request counts in a window from then, so a server that
    /// saw it arrive somewhere in between never counts more than the pacer did.
    /// </remarks>
    public abstract class RequestPacer : IDisposable
    {
        /// <summary>
        /// Waits until one more request with <paramref name="key"/> may be sent. A lease that is not
        /// acquired fails the call, unsent, with a <see cref="CertCentralException"/>.
        /// </summary>
        /// <param name="key">Which API key the request carries (an identifier, never the key).</param>
        /// <param name="cancellationToken">Ends the wait.</param>
        /// <returns>The permit; the client disposes it when the request's exchange is over.</returns>
        public abstract ValueTask<RateLimitLease> AcquireAsync(PacingKey key, CancellationToken cancellationToken);

        /// <summary>
        /// CertCentral refused a request with <paramref name="key"/> for exceeding its rate limit
        /// (HTTP 429): hold back every request of the key for <paramref name="duration"/>, in every
        /// client that shares this pacer.
        /// </summary>
        /// <param name="key">The API key that was refused.</param>
        /// <param name="duration">How long to hold back, from now.</param>
        /// <param name="cancellationToken">Ends the call.</param>
        /// <returns>A task that completes when the pause is recorded.</returns>
        public abstract ValueTask PauseAsync(PacingKey key, TimeSpan duration, CancellationToken cancellationToken);

        /// <summary>Releases what the pacer holds; requests waiting for a permit fail.</summary>
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Releases what the pacer holds.</summary>
        /// <param name="disposing">Whether this is called from <see cref="Dispose()"/>.</param>
        protected virtual void Dispose(bool disposing)
        {
        }
    }
}
