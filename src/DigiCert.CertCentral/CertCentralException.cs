using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using DigiCert.CertCentral.Pipeline;
using DigiCert.CertCentral.Serialization;
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
    /// <remarks>
    /// This file is also where every failure becomes this exception (the internal factories
    /// below): one place decides statuses' messages, parses DigiCert's error body (once), bounds
    /// what a message quotes, and says whether a failure is transient (what the client retries).
    /// </remarks>
    public class CertCentralException : Exception
    {
        private const int MaxExcerpt = 200;
        private const int MaxErrorsInMessage = 5;
        private const int MaxPart = 1000;
        private const int MaxBody = 4 * 1024;
        private readonly string _description;
        private readonly string? _note;

        /// <summary>
        /// Creates an exception as the client would throw it, for example in a fake of
        /// <see cref="CertCentralClient"/> that simulates a failure.
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
            : this(
                status == 0 || (status >= 100 && status <= 999) ? status : throw new ArgumentOutOfRangeException(nameof(status), FormattableString.Invariant($"An HTTP status (100-999), or 0 for no response; it was {status}.")),
                message ?? throw new ArgumentNullException(nameof(message)),
                errors ?? Array.Empty<ErrorDetail>(),
                responseBody,
                headers is null ? ResponseHeaders.None : ResponseHeaders.Of(headers),
                innerException,
                attempts >= 1 ? attempts : throw new ArgumentOutOfRangeException(nameof(attempts), FormattableString.Invariant($"At least one attempt; it was {attempts}.")),
                note: null,
                transient: status == 0 || RetryPolicy.IsRetriedStatus(status))
        {
        }

        /// <summary>Creates an exception for a derived type of a fake; see the public constructor.</summary>
        /// <param name="message">What failed.</param>
        /// <param name="innerException">The cause, if any.</param>
        protected CertCentralException(string message, Exception? innerException)
            : this(0, message, Array.Empty<ErrorDetail>(), null, ResponseHeaders.None, innerException, 1, null, transient: false)
        {
        }

        private CertCentralException(int status, string description, IReadOnlyList<ErrorDetail> errors, string? body, IReadOnlyDictionary<string, IEnumerable<string>> headers, Exception? inner, int attempts, string? note, bool transient)
            : base(Compose(status, description, errors, body, inner, attempts, note), inner)
        {
            Status = status;
            Errors = errors;
            ResponseBody = body;
            Headers = headers;
            Attempts = attempts;
            IsTransient = transient;
            _description = description;
            _note = note;
        }

        /// <summary>The HTTP status code, or 0 when no (complete) response was received.</summary>
        public int Status { get; }

        /// <summary>DigiCert's errors from the response body; empty when it had none or was not JSON.</summary>
        public IReadOnlyList<ErrorDetail> Errors { get; }

        /// <summary>The first error's code, such as <c>not_found|order</c>, if any.</summary>
        public string? ErrorCode => Errors.Count > 0 ? Errors[0].Code : null;

        /// <summary>The response body as text, when one was read (for a body that could not be read as its model, its first 4 KiB).</summary>
        public string? ResponseBody { get; }

        /// <summary>The response headers (never the request's, which carry the API key).</summary>
        public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }

        /// <summary>How many attempts the call made before it ended (retries included).</summary>
        public int Attempts { get; }

        /// <summary>
        /// Whether trying again later may succeed, which is exactly what the client retries itself
        /// (up to <see cref="CertCentralClientOptions.MaxRetries"/>): no response at all, or HTTP
        /// 408, 429, 500, 502, 503 or 504.
        /// </summary>
        public bool IsTransient { get; }

        /// <summary>Whether CertCentral refused the call for exceeding its rate limit.</summary>
        public bool IsRateLimited => Status == 429 || Errors.Any(e => e.BaseCode == "request_limit_exceeded");

        /// <summary>Whether the client sent nothing, by its own decision (its pacer refused or failed).</summary>
        internal bool SentNothing { get; private set; }

        /// <summary>An answer with an error status (or a success status carrying DigiCert's errors): its errors parsed once, all of it cleaned.</summary>
        internal static CertCentralException FromAnswer(ServerAnswer answer, string description, Redactor redactor)
        {
            var text = answer.Length == 0 ? null : redactor.Scrub(Serialization.ResponseBody.Text(answer.Body, answer.Length, answer.Charset));
            return new CertCentralException(answer.Status, description, ParseErrors(text, redactor), text, answer.Headers, null, 1, null, RetryPolicy.IsRetriedStatus(answer.Status));
        }

        /// <summary>A success status whose body could not be read as its model: the reason, where, and an excerpt.</summary>
        internal static CertCentralException Unreadable(ServerAnswer answer, string typeName, UnreadableBodyException cause, Redactor redactor)
        {
            var text = redactor.Scrub(Serialization.ResponseBody.Text(answer.Body, answer.Length, answer.Charset));
            var errors = ParseErrors(text, redactor);
            if (errors.Count > 0)
            {
                // DigiCert's error JSON under a success status: its errors say more than the parse failure.
                return new CertCentralException(answer.Status, $"The body carries DigiCert errors instead of a {typeName}", errors, text, answer.Headers, null, 1, null, false);
            }

            var reason = cause.Describe(redactor.Scrub);
            var message = reason + (text.Length == 0 ? (reason.StartsWith("The body is empty", StringComparison.Ordinal) ? string.Empty : " The body is empty.") : $" Body: \"{Around(text, cause.Line, cause.Position)}\"");
            var body = text.Length > MaxBody ? text.Substring(0, MaxBody) + "..." : text;
            return new CertCentralException(answer.Status, $"Could not deserialize the response body as {typeName}", Array.Empty<ErrorDetail>(), body, answer.Headers, new JsonSerializationException(message), 1, null, false);
        }

        /// <summary>No (complete) response: a network fault, a body cut short. Transient.</summary>
        internal static CertCentralException NoResponse(string description, Exception cause, Redactor redactor)
        {
            return new CertCentralException(0, description, Array.Empty<ErrorDetail>(), null, ResponseHeaders.None, Cleaned(cause, redactor), 1, null, true);
        }

        // A cause whose text may quote what a server (or the caller's code) echoed: replaced by its cleaned message.
        internal static Exception? Cleaned(Exception? cause, Redactor redactor) =>
            cause != null && redactor.MustClean(cause.ToString()) ? new HttpRequestException(redactor.CleanMessage(cause.Message)) : cause;

        /// <summary>Nothing was sent, by the client's own decision (its pacer refused or failed): not transient.</summary>
        internal static CertCentralException NotSent(string description, Exception? cause, Redactor redactor) =>
            new CertCentralException(0, description, Array.Empty<ErrorDetail>(), null, ResponseHeaders.None, Cleaned(cause, redactor), 1, null, false) { SentNothing = true };

        /// <summary>Code of the caller's broke its contract (a handler or transport that returned no response): not transient.</summary>
        internal static CertCentralException Broken(string description) =>
            new CertCentralException(0, description, Array.Empty<ErrorDetail>(), null, ResponseHeaders.None, null, 1, null, false);

        /// <summary>A response the client refused to read: larger than MaxResponseBytes.</summary>
        internal static CertCentralException TooLarge(int status, long maxBytes) =>
            new CertCentralException(status, string.Format(CultureInfo.InvariantCulture, "the response body is larger than the {0:N0}-byte limit (CertCentralClientOptions.MaxResponseBytes)", maxBytes), Array.Empty<ErrorDetail>(), null, ResponseHeaders.None, null, 1, null, RetryPolicy.IsRetriedStatus(status));

        /// <summary>A redirect the client would not follow, or a request a transport moved elsewhere.</summary>
        internal static CertCentralException Redirected(int status, string description) =>
            new CertCentralException(status, description, Array.Empty<ErrorDetail>(), null, ResponseHeaders.None, null, 1, null, false);

        /// <summary>The same failure, saying how the call's attempts ended.</summary>
        internal CertCentralException AfterAttempts(int attempts, string summary) =>
            new CertCentralException(Status, _description, Errors, ResponseBody, Headers, InnerException, attempts, (_note is null ? string.Empty : _note + " ") + summary, IsTransient) { SentNothing = SentNothing };

        /// <summary>The same failure with a note, such as why it was not retried.</summary>
        internal CertCentralException WithNote(string note) =>
            new CertCentralException(Status, _description, Errors, ResponseBody, Headers, InnerException, Attempts, note, IsTransient) { SentNothing = SentNothing };

        /// <summary>DigiCert's <c>{"errors":[{"code","message"}]}</c>, read leniently: an error missing a field is kept.</summary>
        internal static IReadOnlyList<ErrorDetail> ParseErrors(string? body, Redactor redactor)
        {
            if (string.IsNullOrWhiteSpace(body) || body!.TrimStart()[0] != '{') return Array.Empty<ErrorDetail>();
            try
            {
                using var reader = new JsonTextReader(new System.IO.StringReader(body)) { DateParseHandling = DateParseHandling.None, MaxDepth = 64 };
                if (!(JToken.ReadFrom(reader) is JObject root) || !(root["errors"] is JArray array)) return Array.Empty<ErrorDetail>();
                var errors = new List<ErrorDetail>();
                foreach (var item in array.OfType<JObject>())
                {
                    var clean = (JObject)redactor.Scrub(item);
                    var error = new ErrorDetail(Text(clean["code"]), Text(clean["message"]));
                    foreach (var property in clean.Properties().Where(p => p.Name != "code" && p.Name != "message")) error.AdditionalProperties[property.Name] = property.Value;
                    errors.Add(error);
                }

                return errors;
            }
            catch (JsonException)
            {
                return Array.Empty<ErrorDetail>();
            }

            static string? Text(JToken? token) => token is null || token.Type == JTokenType.Null ? null : token.Type == JTokenType.String ? (string?)token : token.ToString(Formatting.None);
        }

        // Each part of a message bounded: a server's URL, JSON path or parser text can be any length.
        private static string Bounded(string part) => part.Length > MaxPart ? part.Substring(0, MaxPart) + "..." : part;

        /// <summary>At most <paramref name="max"/> characters on one line: runs of whitespace and control characters as one space.</summary>
        private static string Excerpt(string text, int max = MaxExcerpt)
        {
            var flat = new StringBuilder(Math.Min(text.Length, max + 3));
            var lastWasSpace = false;
            foreach (var c in text)
            {
                if (flat.Length >= max)
                {
                    flat.Append("...");
                    break;
                }

                var space = char.IsWhiteSpace(c) || char.IsControl(c);
                if (!(space && lastWasSpace)) flat.Append(space ? ' ' : c);
                lastWasSpace = space;
            }

            return flat.ToString();
        }

        /// <summary>About 100 characters either side of (line, position), 1-based; the start when unknown.</summary>
        private static string Around(string text, int line, int position)
        {
            var index = 0;
            for (var current = 1; current < line && index >= 0; current++)
            {
                index = text.IndexOf('\n', index);
                if (index >= 0) index++;
            }

            if (line <= 0 || index < 0) return Excerpt(text);
            var start = Math.Max(0, Math.Min(text.Length, index + Math.Max(position - 1, 0)) - (MaxExcerpt / 2));
            return (start > 0 ? "..." : string.Empty) + Excerpt(text.Substring(start));
        }

        private static string Compose(int status, string description, IReadOnlyList<ErrorDetail> errors, string? body, Exception? inner, int attempts, string? note)
        {
            var text = new StringBuilder();
            text.Append(status == 0 ? "No response from CertCentral" : "CertCentral answered HTTP " + status.ToString(CultureInfo.InvariantCulture));
            text.Append(": ").Append(Bounded(description).TrimEnd('.')).Append('.');
            // Read by people and logged on every failure: bounded whatever the server sent (Errors and ResponseBody keep everything).
            foreach (var error in errors.Take(MaxErrorsInMessage))
            {
                text.Append(' ').Append(Excerpt(error.Code ?? "(no code)"));
                if (!string.IsNullOrWhiteSpace(error.Message)) text.Append(": ").Append(Excerpt(error.Message!.TrimEnd('.')));
                text.Append('.');
            }

            if (errors.Count > MaxErrorsInMessage) text.Append(" And ").Append((errors.Count - MaxErrorsInMessage).ToString(CultureInfo.InvariantCulture)).Append(" more errors (see Errors).");
            if (errors.Count == 0 && status >= 400 && !string.IsNullOrWhiteSpace(body)) text.Append(" The body is not DigiCert's error JSON: \"").Append(Excerpt(body!)).Append('"');
            if (inner != null) text.Append(' ').Append(Bounded(inner.Message));
            if (note != null) text.Append(' ').Append(Bounded(note));
            else if (attempts > 1) text.Append(" Gave up after ").Append(attempts.ToString(CultureInfo.InvariantCulture)).Append(" attempts").Append(status == 429 ? ", rate limited each time." : ".");
            return text.ToString();
        }
    }
}
