using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Diagnostics;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// Adds the API key (and the User-Agent) as the last step before the transport, and only for the
    /// base URL's origin: the caller's attempt handlers run above it and never see the key, and no
    /// path can carry it elsewhere. The key is the one the attempt was paced for (it rides in the
    /// request's options through the caller's handlers), so pacing and the header always agree, even
    /// while the key is rotated.
    /// </summary>
    internal sealed class ApiKeyHandler : DelegatingHandler
    {
        /// <summary>The header that carries the API key (the description's DevKey scheme).</summary>
        public const string HeaderName = "X-DC-DEVKEY";

        private const string OptionName = "DigiCert.CertCentral.ApiKey";
        private readonly Uri _origin;
        private readonly HttpMessageInvoker? _callerHandlers;

        /// <param name="origin">The base URL: the only origin the key goes to.</param>
        /// <param name="transport">The handler that sends requests on the wire.</param>
        /// <param name="callerHandlers">Makes the caller's attempt handlers, first outermost.</param>
        public ApiKeyHandler(Uri origin, HttpMessageHandler transport, IEnumerable<Func<DelegatingHandler>> callerHandlers)
            : base(transport)
        {
            _origin = origin;
            HttpMessageHandler chain = this;
            foreach (var create in callerHandlers.Reverse())
            {
                var handler = create() ?? throw new ArgumentException("An AttemptHandlers entry made no handler.", nameof(callerHandlers));
                handler.InnerHandler = chain;
                chain = handler;
            }

            if (chain != this) _callerHandlers = new HttpMessageInvoker(chain, disposeHandler: false);
        }

        /// <summary>Sends one attempt's request with <paramref name="key"/>: through the caller's handlers, if any, then this step.</summary>
        public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CertCentralKeyCredential.Current key, CancellationToken cancellationToken)
        {
            if (_callerHandlers is null) return SendWithKey(request, key, cancellationToken);
#if NET8_0_OR_GREATER
            request.Options.Set(new HttpRequestOptionsKey<CertCentralKeyCredential.Current>(OptionName), key);
#else
            request.Properties[OptionName] = key;
#endif
            return _callerHandlers.SendAsync(request, cancellationToken);
        }

        /// <summary>Reached through the caller's handlers.</summary>
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
#if NET8_0_OR_GREATER
            request.Options.TryGetValue(new HttpRequestOptionsKey<CertCentralKeyCredential.Current>(OptionName), out var key);
#else
            var key = request.Properties.TryGetValue(OptionName, out var value) ? value as CertCentralKeyCredential.Current : null;
#endif
            return SendWithKey(request, key, cancellationToken);
        }

        private Task<HttpResponseMessage> SendWithKey(HttpRequestMessage request, CertCentralKeyCredential.Current? key, CancellationToken cancellationToken)
        {
            request.Headers.Remove(HeaderName);
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
