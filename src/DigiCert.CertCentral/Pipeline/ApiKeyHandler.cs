using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Diagnostics;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// Adds the API key (and the User-Agent) as the last step before the transport, and only for the
    /// base URL's origin: handlers above it never see the key, and no path can carry it elsewhere.
    /// The key an attempt sends rides in the request's options (set by <see cref="Exchange"/>), so
    /// pacing and the header always agree on the key, even while it is being rotated.
    /// </summary>
    internal sealed class ApiKeyHandler : DelegatingHandler
    {
        /// <summary>The header that carries the API key (the description's DevKey scheme).</summary>
        public const string HeaderName = "X-DC-DEVKEY";

        private const string OptionName = "DigiCert.CertCentral.ApiKey";
        private readonly Uri _origin;

        public ApiKeyHandler(Uri origin, HttpMessageHandler transport)
            : base(transport) => _origin = origin;

        /// <summary>Marks which key a request is to carry.</summary>
        public static void Attach(HttpRequestMessage request, CertCentralKeyCredential.Current key)
        {
#if NET8_0_OR_GREATER
            request.Options.Set(new HttpRequestOptionsKey<CertCentralKeyCredential.Current>(OptionName), key);
#else
            request.Properties[OptionName] = key;
#endif
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Remove(HeaderName);
#if NET8_0_OR_GREATER
            request.Options.TryGetValue(new HttpRequestOptionsKey<CertCentralKeyCredential.Current>(OptionName), out var key);
#else
            var key = request.Properties.TryGetValue(OptionName, out var value) ? value as CertCentralKeyCredential.Current : null;
#endif
            if (key is null || !Exchange.SameOrigin(request.RequestUri, _origin))
            {
                throw new InvalidOperationException("The CertCentral client sends its API key only with its own requests, and only to the base URL's origin.");
            }

            request.Headers.TryAddWithoutValidation(HeaderName, key.Value);
            if (!request.Headers.Contains("User-Agent")) request.Headers.TryAddWithoutValidation("User-Agent", CertCentralDiagnostics.UserAgent);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
