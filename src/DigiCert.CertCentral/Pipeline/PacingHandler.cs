using System;
using System.Net.Http;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// Waits for a permit of the rate limiter before each attempt and holds it until the attempt's
    /// exchange is over. It sits outside the attempt timeout: time in the queue is never an attempt
    /// and never counts against one (the overall timeout and the caller's token still bound it).
    /// </summary>
    internal sealed class PacingHandler : DelegatingHandler
    {
        private readonly RateLimiter _limiter;

        public PacingHandler(RateLimiter limiter) => _limiter = limiter;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            RateLimitLease lease;
            try
            {
                lease = await _limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw CertCentralException.NotSent("the client-side rate limiter failed", e);
            }

            try
            {
                if (!lease.IsAcquired) throw CertCentralException.NotSent("the client-side rate limiter refused the request (its queue is full)", null);
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                try
                {
                    lease.Dispose();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A limiter's bookkeeping failing after the exchange does not undo the exchange.
                }
            }
        }
    }
}
