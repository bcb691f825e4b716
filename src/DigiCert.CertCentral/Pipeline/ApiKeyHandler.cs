using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Diagnostics;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// Adds the API key (and the User-Agent) to a request, only when it goes to the base URL's
    /// origin: the last check before the socket, below the redirect handler, so no redirect and no
    /// other path can carry the key elsewhere.
    /// </summary>
    internal sealed class ApiKeyHandler : DelegatingHandler
    {
        /// <summary>The header that carries the API key (the description's DevKey scheme).</summary>
        public const string HeaderName = "X-DC-DEVKEY";

        private readonly Uri _origin;
        private readonly string _apiKey;

        public ApiKeyHandler(Uri baseUri, string apiKey)
        {
            _origin = baseUri;
            _apiKey = apiKey;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Remove(HeaderName);
            if (!RedirectHandler.SameOrigin(request.RequestUri, _origin))
            {
                throw new InvalidOperationException("The CertCentral client sends its API key only to the base URL's origin.");
            }

            request.Headers.TryAddWithoutValidation(HeaderName, _apiKey);
            if (!request.Headers.Contains("User-Agent")) request.Headers.TryAddWithoutValidation("User-Agent", CertCentralDiagnostics.UserAgent);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
