using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// Follows a redirect only within the base URL's origin (same scheme, host and port), at most
    /// five times; any other redirect ends the call with a <see cref="CertCentralException"/> that
    /// says where it pointed. The transport's own redirect following is off (see
    /// <see cref="TransportGuard"/>), so this is the only place redirects are decided.
    /// </summary>
    internal sealed class RedirectHandler : DelegatingHandler
    {
        private const int MaxRedirects = 5;
        private readonly Uri _origin;
        private readonly Redactor _redactor;

        public RedirectHandler(Uri baseUri, Redactor redactor)
        {
            _origin = baseUri;
            _redactor = redactor;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var current = request;
            for (var redirects = 0; ; redirects++)
            {
                var response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) return response;

                var location = response.Headers.Location;
                if (location is null)
                {
                    var raw = response.Headers.TryGetValues("Location", out var values) ? string.Join(", ", values) : null;
                    response.Dispose();
                    throw CertCentralException.Redirected(status, raw is null
                        ? "the server answered a redirect without a Location"
                        : $"the server answered a redirect to '{_redactor.Scrub(raw)}', which is not a URL the client can follow");
                }

                var target = location.IsAbsoluteUri ? location : new Uri(current.RequestUri!, location);
                response.Dispose();
                if (!SameOrigin(target, _origin))
                {
                    throw CertCentralException.Redirected(status, $"the server redirected to {_redactor.Url(target)}; the client follows redirects only within {_origin.GetLeftPart(UriPartial.Authority)}, so that the API key never leaves it");
                }

                if (redirects >= MaxRedirects)
                {
                    throw CertCentralException.Redirected(status, $"the server redirected more than {MaxRedirects} times (last to {_redactor.Url(target)})");
                }

                current = CertCentralCall.Resend(request, target);
            }
        }

        public static bool SameOrigin(Uri? uri, Uri origin) =>
            uri != null && uri.IsAbsoluteUri
            && string.Equals(uri.Scheme, origin.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.IdnHost, origin.IdnHost, StringComparison.OrdinalIgnoreCase)
            && uri.Port == origin.Port;
    }
}
