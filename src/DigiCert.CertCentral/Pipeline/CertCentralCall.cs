using System;
using System.Net.Http;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// What the pipeline knows about one call, carried by its request messages and by every
    /// retry and redirect of them: which operation it is and how many attempts it has made.
    /// (A field of the message rather than an entry in its options: no dictionary per call.)
    /// </summary>
    internal sealed class CertCentralCall
    {
        public CertCentralCall(string operationId, ModelReader? reader = null)
        {
            OperationId = operationId;
            Reader = reader;
        }

        /// <summary>The description's operationId, such as <c>getKeyInfo</c>.</summary>
        public string OperationId { get; }

        /// <summary>How the success body is read (see <see cref="ResponseBufferHandler"/>); null: it is not.</summary>
        public ModelReader? Reader { get; }

        /// <summary>Attempts made so far, the current one included (set by the retry handler).</summary>
        public int Attempts { get; set; } = 1;

        /// <summary>A server's Retry-After that was longer than the client waits, if that ended the call.</summary>
        public TimeSpan? RetryAfterTooLong { get; set; }

        private System.Collections.Generic.List<string>? _outcomes;

        /// <summary>Records how an attempt ended (for the summary of a call that gave up).</summary>
        public void Record(string outcome) => (_outcomes ??= new System.Collections.Generic.List<string>()).Add(outcome);

        /// <summary>
        /// "Gave up after N attempts" when retries ran out (otherwise "Ended after N attempts": the
        /// last answer was not worth retrying), and how they ended: "rate limited each time", or
        /// each attempt's outcome.
        /// </summary>
        public string Summary(bool retriesRanOut = true)
        {
            var outcomes = _outcomes ?? new System.Collections.Generic.List<string>();
            var text = $"{(retriesRanOut ? "Gave up" : "Ended")} after {Attempts} attempts";
            if (outcomes.Count == 0) return text + ".";
            if (outcomes.TrueForAll(o => o.StartsWith("HTTP 429", StringComparison.Ordinal))) return text + ", rate limited each time.";
            if (outcomes.TrueForAll(o => o == "timed out")) return text + ", each timed out.";
            return text + ": " + string.Join(", ", outcomes) + ".";
        }

        /// <summary>A GET of <paramref name="uri"/> for this call.</summary>
        public HttpRequestMessage NewRequest(Uri uri) => new Message(this, uri);

        /// <summary>The call a request belongs to; null for a request the client did not build.</summary>
        public static CertCentralCall? Of(HttpRequestMessage? request) => (request as Message)?.Call;

        /// <summary>A fresh message for the same call (a retry, or a redirect to <paramref name="uri"/>): a sent message cannot be sent again.</summary>
        public static HttpRequestMessage Resend(HttpRequestMessage request, Uri? uri = null)
        {
            var copy = Of(request) is { } call ? call.NewRequest(uri ?? request.RequestUri!) : new HttpRequestMessage(request.Method, uri ?? request.RequestUri);
            foreach (var header in request.Headers)
            {
                // The key is added again, for its origin only, by the ApiKeyHandler.
                if (!string.Equals(header.Key, ApiKeyHandler.HeaderName, StringComparison.OrdinalIgnoreCase)) copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            return copy;
        }

        private sealed class Message : HttpRequestMessage
        {
            public Message(CertCentralCall call, Uri uri)
                : base(HttpMethod.Get, uri) => Call = call;

            public CertCentralCall Call { get; }
        }
    }
}
