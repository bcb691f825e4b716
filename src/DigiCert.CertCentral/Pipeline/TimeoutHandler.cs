using System;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// Bounds what lies below it in time: used twice, for the whole call (outside retries) and for
    /// one attempt (inside pacing, so waiting for a permit is never timed as an attempt). A timeout
    /// ends as <see cref="TaskCanceledException"/> with an inner <see cref="TimeoutException"/>,
    /// as HttpClient reports its own; the caller's cancellation stays plain cancellation.
    /// </summary>
    internal sealed class TimeoutHandler : DelegatingHandler
    {
        private readonly TimeSpan _timeout;
        private readonly string _name;
        private readonly CancellationToken _clientLifetime;

        /// <param name="timeout">The deadline.</param>
        /// <param name="name">"overall" or "attempt", for messages.</param>
        /// <param name="clientLifetime">Cancelled when the client is disposed: calls still queued, backing off or in flight end then.</param>
        public TimeoutHandler(TimeSpan timeout, string name, CancellationToken clientLifetime = default)
        {
            _timeout = timeout;
            _name = name;
            _clientLifetime = clientLifetime;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var deadline = cancellationToken.CanBeCanceled
                ? (_clientLifetime.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _clientLifetime) : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                : (_clientLifetime.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(_clientLifetime) : new CancellationTokenSource());
            deadline.CancelAfter(_timeout);
            try
            {
                return await base.SendAsync(request, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (_clientLifetime.IsCancellationRequested && !cancellationToken.IsCancellationRequested && e is not CertCentralException)
            {
                throw new ObjectDisposedException(nameof(CertCentralClient), "The CertCentral client was disposed during the call.");
            }
            catch (Exception e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested && e is not CertCentralException)
            {
                var seconds = _timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
                var call = CertCentralCall.Of(request);
                throw new TaskCanceledException(
                    $"The CertCentral call {call?.OperationId} timed out: {_name} timeout of {seconds} s reached.",
                    new TimeoutException($"No complete answer within the {_name} timeout of {seconds} s.", e));
            }
        }

        /// <summary>Whether an exception is this kind of handler's timeout, not the caller's cancellation.</summary>
        public static bool IsTimeout(Exception e) => e is TaskCanceledException { InnerException: TimeoutException };
    }
}
