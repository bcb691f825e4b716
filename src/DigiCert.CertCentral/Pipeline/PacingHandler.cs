using System;
using System.Net.Http;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using DigiCert.CertCentral.Pacing;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// Waits for a permit of the pacer before each attempt and holds it until the attempt's
    /// exchange is over. It sits outside the attempt timeout: time in the queue is never an attempt
    /// and never counts against one (the overall timeout and the caller's token still bound it).
    /// A 429 pauses the key for every client of the pacer.
    /// </summary>
    internal sealed class PacingHandler : DelegatingHandler
    {
        private readonly RequestPacer _pacer;
        private readonly PacingKey _key;
        private readonly TimeSpan _pauseOn429;

        public PacingHandler(RequestPacer pacer, PacingKey key, TimeSpan pauseOn429)
        {
            _pacer = pacer;
            _key = key;
            _pauseOn429 = pauseOn429;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            RateLimitLease lease;
            try
            {
                lease = await _pacer.AcquireAsync(_key, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw CertCentralException.NotSent("the client-side rate limiter failed", e);
            }

            try
            {
                if (!lease.IsAcquired) throw CertCentralException.NotSent("the client-side rate limiter refused the request (its queue is full)", null);
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if ((int)response.StatusCode == 429)
                {
                    var pause = RetryAfter.From(response, DateTimeOffset.UtcNow) is TimeSpan asked && asked > _pauseOn429 && asked != TimeSpan.MaxValue ? asked : _pauseOn429;
                    try
                    {
                        await _pacer.PauseAsync(_key, pause, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // The answer stands; the pause is advice to other clients.
                    }
                }

                return response;
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
