using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// The innermost step: sends the request, then reads the whole body within the attempt, up to
    /// <c>MaxResponseBytes</c>, so that every deadline bounds every byte and a body cut short is a
    /// failed attempt (retried like no response); a success body is read into its model. Network
    /// faults become <see cref="CertCentralException"/> (status 0); cancellation stays
    /// cancellation. Response headers that echo the key are cleaned here, before anything above
    /// can see them.
    /// </summary>
    internal sealed class ResponseBufferHandler : DelegatingHandler
    {
        private readonly long _maxBytes;
        private readonly Redactor _redactor;

        public ResponseBufferHandler(long maxBytes, Redactor redactor)
        {
            _maxBytes = maxBytes;
            _redactor = redactor;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var sentTo = request.RequestUri;
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
            {
                throw new OperationCanceledException("The request was cancelled or timed out.", e, cancellationToken);
            }
            catch (Exception e) when (IsNetworkFault(e, cancellationToken))
            {
                throw CertCentralException.NoResponse("the request failed before a response arrived", e, _redactor);
            }

            try
            {
                var status = (int)response.StatusCode;
                _redactor.Scrub(response);

                // A transport of a type the client cannot configure may follow a redirect itself
                // (SocketsHttpHandler moves the request to where it was sent). The key went along;
                // the least the client can do is not pass that answer off as the origin's.
                var answeredBy = response.RequestMessage?.RequestUri ?? request.RequestUri;
                if (!RedirectHandler.SameOrigin(answeredBy, sentTo!) || !RedirectHandler.SameOrigin(request.RequestUri, sentTo!))
                {
                    throw CertCentralException.Redirected(status, $"the request was answered from {_redactor.Url(answeredBy)}, not the base URL's origin: the transport followed a redirect by itself, or a handler inside the client's pipeline sent the request there, with the API key. Use a transport that does not follow redirects (AllowAutoRedirect = false)");
                }

                if (response.Content is null) return response;
                if (response.Content.Headers.ContentLength > _maxBytes) throw CertCentralException.TooLarge(status, _maxBytes);

                // Disposing the response aborts a read that a transport does not cancel itself.
                BufferedContent body;
                using (cancellationToken.Register(static state => ((HttpResponseMessage)state!).Dispose(), response))
                {
                    body = await BufferedContent.ReadAsync(response.Content, _maxBytes, status, _redactor, cancellationToken).ConfigureAwait(false);
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    body.Dispose(); // the response may have been disposed under it
                    cancellationToken.ThrowIfCancellationRequested();
                }

                response.Content.Dispose();
                response.Content = body;

                // A success body becomes its model here, inside the attempt: one that cannot be read
                // fails the attempt where logging and telemetry see it (and is not retried).
                if (CertCentralCall.Of(request)?.Reader is { } reader && status == reader.Status) reader.Read(response, body);
                return response;
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not CertCentralException)
            {
                response.Dispose();
                throw new OperationCanceledException("The response was not read: the call was cancelled or timed out.", e, cancellationToken);
            }
            catch (Exception e) when (IsNetworkFault(e, cancellationToken))
            {
                response.Dispose();
                throw CertCentralException.NoResponse($"the connection failed while the HTTP {(int)response.StatusCode} response was read", e, _redactor);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        private static bool IsNetworkFault(Exception e, CancellationToken cancellationToken) =>
            !cancellationToken.IsCancellationRequested && (e is HttpRequestException || e is IOException || e is ObjectDisposedException);
    }
}
