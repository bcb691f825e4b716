using System;
using System.Net.Http;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// What the pipeline knows about one call, carried on its request messages (HTTP request
    /// options, as handlers in kiota and Azure.Core carry theirs) and copied to every retry and
    /// redirect: which operation it is and how many attempts it has made.
    /// </summary>
    internal sealed class CertCentralCall
    {
        private const string Key = "DigiCert.CertCentral.Call";
#if NET8_0_OR_GREATER
        private static readonly HttpRequestOptionsKey<CertCentralCall> OptionsKey = new HttpRequestOptionsKey<CertCentralCall>(Key);
#endif

        public CertCentralCall(string operationId) => OperationId = operationId;

        /// <summary>The description's operationId, such as <c>getKeyInfo</c>.</summary>
        public string OperationId { get; }

        /// <summary>Attempts made so far, the current one included (set by the retry handler).</summary>
        public int Attempts { get; set; } = 1;

        /// <summary>A server's Retry-After that was longer than the client waits, if that ended the call.</summary>
        public TimeSpan? RetryAfterTooLong { get; set; }

        public void AttachTo(HttpRequestMessage request)
        {
#if NET8_0_OR_GREATER
            request.Options.Set(OptionsKey, this);
#else
            request.Properties[Key] = this;
#endif
        }

        /// <summary>The call a request belongs to; null for a request the client did not build.</summary>
        public static CertCentralCall? Of(HttpRequestMessage? request)
        {
            if (request is null) return null;
#if NET8_0_OR_GREATER
            return request.Options.TryGetValue(OptionsKey, out var call) ? call : null;
#else
            return request.Properties.TryGetValue(Key, out var call) ? call as CertCentralCall : null;
#endif
        }

        /// <summary>A fresh message for the same call (a retry, or a redirect to <paramref name="uri"/>): a sent message cannot be sent again.</summary>
        public static HttpRequestMessage Resend(HttpRequestMessage request, Uri? uri = null)
        {
            var copy = new HttpRequestMessage(request.Method, uri ?? request.RequestUri);
            foreach (var header in request.Headers)
            {
                // The key is added again, for its origin only, by the ApiKeyHandler.
                if (!string.Equals(header.Key, ApiKeyHandler.HeaderName, StringComparison.OrdinalIgnoreCase)) copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            Of(request)?.AttachTo(copy);
            return copy;
        }
    }
}
