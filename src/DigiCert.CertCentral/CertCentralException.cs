using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using DigiCert.CertCentral.Pipeline;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral
{
    /// <summary>
    /// The one exception the client throws for a failed call: an error status from CertCentral
    /// (with DigiCert's parsed error codes and messages), a response it could not read, a redirect
    /// it would not follow, or a network fault. Timeouts and cancellation surface as
    /// <see cref="OperationCanceledException"/>. Nothing in it contains the API key.
    /// </summary>
    public partial class CertCentralException : Exception
    {
        private const int MaxBodyInMessage = 200;
        private const int MaxErrorsInMessage = 5;
        private const int MaxPartInMessage = 1000;
        private static readonly IReadOnlyDictionary<string, IEnumerable<string>> NoHeaders = new Dictionary<string, IEnumerable<string>>();

        /// <summary>
        /// Creates an exception as the client would throw it, for example in a fake of
        /// <see cref="ICertCentralClient"/> that simulates a failure.
        /// </summary>
        /// <param name="status">The HTTP status code; 0 when no response arrived.</param>
        /// <param name="message">What failed.</param>
        /// <param name="errors">DigiCert's errors from the body; none when null.</param>
        /// <param name="responseBody">The response body as text, if any.</param>
        /// <param name="headers">The response headers; none when null.</param>
        /// <param name="innerException">The cause, if any.</param>
        /// <param name="attempts">How many attempts the call made.</param>
        /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not 0 or 100-999, or <paramref name="attempts"/> is not positive.</exception>
        public CertCentralException(int status, string message, IReadOnlyList<ErrorDetail>? errors = null, string? responseBody = null, IReadOnlyDictionary<string, IEnumerable<string>>? headers = null, Exception? innerException = null, int attempts = 1)
            : this(CheckStatus(status), errors ?? Array.Empty<ErrorDetail>(), responseBody, headers ?? NoHeaders, message ?? throw new ArgumentNullException(nameof(message)), innerException, CheckAttempts(attempts), null)
        {
        }

        private static int CheckStatus(int status) =>
            status == 0 || (status >= 100 && status <= 999) ? status : throw new ArgumentOutOfRangeException(nameof(status), status, "An HTTP status (100-999), or 0 for no response.");

        private static int CheckAttempts(int attempts) =>
            attempts >= 1 ? attempts : throw new ArgumentOutOfRangeException(nameof(attempts), attempts, "At least one attempt.");

        private CertCentralException(int status, IReadOnlyList<ErrorDetail> errors, string? body, IReadOnlyDictionary<string, IEnumerable<string>> headers, string description, Exception? innerException, int attempts, string? note)
            : base(ComposeMessage(status, errors, body, description, innerException, attempts, note), innerException)
        {
            Status = status;
            Errors = errors;
            ResponseBody = body;
            Headers = headers;
            Attempts = attempts;
            _description = description;
            _note = note;
        }

        private readonly string _description;
        private readonly string? _note;

        /// <summary>The HTTP status code, or 0 when no (complete) response was received.</summary>
        public int Status { get; }

        /// <summary>DigiCert's errors from the response body; empty when it had none or was not JSON.</summary>
        public IReadOnlyList<ErrorDetail> Errors { get; }

        /// <summary>The first error's code, such as <c>not_found|order</c>, if any.</summary>
        public string? ErrorCode => Errors.Count > 0 ? Errors[0].Code : null;

        /// <summary>The response body as text, when one was read.</summary>
        public string? ResponseBody { get; }

        /// <summary>The response headers (never the request's, which carry the API key).</summary>
        public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }

        /// <summary>How many attempts the call made before giving up (retries included).</summary>
        public int Attempts { get; }

        /// <summary>
        /// Whether trying again later may succeed: rate limited (429), unavailable (503), or no
        /// response at all. The client retries these itself, up to its configured limits.
        /// </summary>
        public bool IsTransient => Status == 0 || Status == 429 || Status == 503;

        /// <summary>Whether CertCentral refused the call for exceeding its rate limit.</summary>
        public bool IsRateLimited => Status == 429 || Errors.Any(e => e.Code == "request_limit_exceeded");

        /// <summary>An error status: the body's errors parsed, everything cleaned of the key.</summary>
        internal static CertCentralException FromResponse(HttpResponseMessage response, string description)
        {
            var body = response.Content as BufferedContent;
            var text = body?.ReadText();
            var redactor = body?.Redactor;
            var call = CertCentralCall.Of(response.RequestMessage);
            string? note = null;
            if (call?.RetryAfterTooLong is TimeSpan wait)
            {
                note = wait == TimeSpan.MaxValue
                    ? "The server's Retry-After is longer than the client waits (MaxRetryDelay), so it did not retry."
                    : $"The server's Retry-After of {wait.TotalSeconds:0} s is longer than the client waits (MaxRetryDelay), so it did not retry.";
            }

            // 429 and 503 are retried until retries run out; any other status ends the call at once.
            if (call?.Attempts > 1) note = (note is null ? string.Empty : note + " ") + call.Summary(retriesRanOut: response.StatusCode == (System.Net.HttpStatusCode)429 || response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable);

            return new CertCentralException((int)response.StatusCode, ParseErrors(text, redactor), string.IsNullOrEmpty(text) ? null : text, CertCentralResponse.CopyHeaders(response), description, null, call?.Attempts ?? 1, note);
        }

        /// <summary>A success status whose body could not be read: status, reason and JSON path, and a bounded excerpt.</summary>
        internal static CertCentralException Unreadable(HttpResponseMessage response, string description, Serialization.UnreadableBodyException cause)
        {
            var redactor = (response.Content as BufferedContent)?.Redactor;
            var message = redactor?.Scrub(cause.Message) ?? cause.Message;
            // The parser's own messages quote what it read, which may be an echoed key.
            Exception inner = redactor != null && redactor.Contains(cause.ToString()) ? new JsonSerializationException(message) : cause;
            var call = CertCentralCall.Of(response.RequestMessage);
            var body = cause.BodyExcerpt is null ? null : redactor?.Scrub(cause.BodyExcerpt) ?? cause.BodyExcerpt;
            // The reason, the path and an excerpt come once, from the inner exception's message.
            return new CertCentralException((int)response.StatusCode, Array.Empty<ErrorDetail>(), body, CertCentralResponse.CopyHeaders(response), description, inner, call?.Attempts ?? 1, null);
        }

        /// <summary>No (complete) response: a network fault, a body cut short.</summary>
        internal static CertCentralException NoResponse(string description, Exception? cause, Redactor? redactor)
        {
            var inner = cause != null && redactor != null && redactor.MustClean(cause.ToString()) ? new HttpRequestException(redactor.CleanMessage(cause.Message)) : cause;
            return new CertCentralException(0, Array.Empty<ErrorDetail>(), null, NoHeaders, description, inner, 1, null);
        }

        /// <summary>Nothing was sent, by the client's own decision (its rate limiter refused or failed): not worth retrying.</summary>
        internal static CertCentralException NotSent(string description, Exception? cause) =>
            new CertCentralException(0, Array.Empty<ErrorDetail>(), null, NoHeaders, description, cause, 1, null) { SentNothing = true };

        /// <summary>Whether the client sent nothing (see <see cref="NotSent"/>); such failures are not retried.</summary>
        internal bool SentNothing { get; private set; }

        /// <summary>A response the client refused to read: larger than MaxResponseBytes.</summary>
        internal static CertCentralException TooLarge(int status, long maxBytes) =>
            new CertCentralException(status, Array.Empty<ErrorDetail>(), null, NoHeaders, $"the response body is larger than the {maxBytes:N0}-byte limit (CertCentralClientOptions.MaxResponseBytes)", null, 1, null);

        /// <summary>A redirect the client would not follow.</summary>
        internal static CertCentralException Redirected(int status, string description) =>
            new CertCentralException(status, Array.Empty<ErrorDetail>(), null, NoHeaders, description, null, 1, null);

        /// <summary>The same failure, saying how many attempts were made.</summary>
        internal CertCentralException AfterAttempts(CertCentralCall? call, bool retriesRanOut) =>
            call is null || call.Attempts <= 1 ? this : new CertCentralException(Status, Errors, ResponseBody, Headers, _description, InnerException, call.Attempts, call.Summary(retriesRanOut));

        /// <summary>DigiCert's <c>{"errors":[{"code","message"}]}</c>, read leniently: an error missing a field is kept.</summary>
        internal static IReadOnlyList<ErrorDetail> ParseErrors(string? body, Redactor? redactor)
        {
            if (string.IsNullOrWhiteSpace(body) || body!.TrimStart()[0] != '{') return Array.Empty<ErrorDetail>();
            try
            {
                using var reader = new JsonTextReader(new System.IO.StringReader(body)) { DateParseHandling = DateParseHandling.None, MaxDepth = 64 };
                if (!(JToken.ReadFrom(reader) is JObject root) || !(root["errors"] is JArray array)) return Array.Empty<ErrorDetail>();
                var errors = new List<ErrorDetail>();
                foreach (var item in array.OfType<JObject>())
                {
                    var clean = redactor is null ? item : (JObject)redactor.Scrub(item);
                    var error = new ErrorDetail { Code = Text(clean["code"]), Message = Text(clean["message"]) };
                    foreach (var property in clean.Properties())
                    {
                        if (property.Name != "code" && property.Name != "message") error.AdditionalProperties[property.Name] = property.Value;
                    }

                    errors.Add(error);
                }

                return errors;
            }
            catch (JsonException)
            {
                return Array.Empty<ErrorDetail>();
            }

            static string Text(JToken? token) => token is null || token.Type == JTokenType.Null ? null! : token.Type == JTokenType.String ? (string)token! : token.ToString(Formatting.None);
        }

        // Each part of a message at most this long: a server's URL, JSON path or parser text can be
        // any length. Parts are cleaned of the key before they get here.
        private static string Bounded(string part) => part.Length > MaxPartInMessage ? part.Substring(0, MaxPartInMessage) + "..." : part;

        private static string Excerpt(string body)
        {
            var flat = string.Join(" ", body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            return flat.Length > MaxBodyInMessage ? flat.Substring(0, MaxBodyInMessage) + "..." : flat;
        }

        private static string ComposeMessage(int status, IReadOnlyList<ErrorDetail> errors, string? body, string description, Exception? inner, int attempts, string? note)
        {
            var text = new StringBuilder();
            text.Append(status == 0 ? "No response from CertCentral" : $"CertCentral answered HTTP {status}");
            text.Append(": ").Append(Bounded(description).TrimEnd('.')).Append('.');
            // A message is read by people and logged on every failure: bounded, whatever the server sent
            // (every error and its whole text stay in Errors and ResponseBody).
            foreach (var error in errors.Take(MaxErrorsInMessage))
            {
                text.Append(' ').Append(Excerpt(error.Code ?? string.Empty)).Append(": ").Append(Excerpt(error.Message?.TrimEnd('.') ?? string.Empty)).Append('.');
            }

            if (errors.Count > MaxErrorsInMessage) text.Append(" And ").Append(errors.Count - MaxErrorsInMessage).Append(" more errors (see Errors).");

            if (errors.Count == 0 && status >= 400 && !string.IsNullOrWhiteSpace(body))
            {
                text.Append(" The body is not DigiCert's error JSON: \"").Append(Excerpt(body!)).Append('"');
            }

            if (inner != null) text.Append(' ').Append(Bounded(inner.Message));
            if (note != null) text.Append(' ').Append(Bounded(note));
            if (attempts > 1 && note is null)
            {
                text.Append(" Gave up after ").Append(attempts).Append(" attempts");
                text.Append(status == 429 || errors.Any(e => e.Code == "request_limit_exceeded") ? ", rate limited each time." : ".");
            }

            return text.ToString();
        }
    }
}
