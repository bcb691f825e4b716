using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using DigiCert.CertCentral.Serialization;
using Newtonsoft.Json;

namespace DigiCert.CertCentral
{
    /// <summary>
    /// The one exception the client throws for a failed call: an error status from CertCentral
    /// (with DigiCert's parsed error codes and messages), a response it could not read, or a
    /// network fault. Timeouts and cancellation surface as <see cref="OperationCanceledException"/>.
    /// Its message never contains the API key.
    /// </summary>
    public partial class CertCentralException : Exception
    {
        private const int MaxBodyInMessage = 200;
        private static readonly IReadOnlyDictionary<string, IEnumerable<string>> NoHeaders = new Dictionary<string, IEnumerable<string>>();

        /// <summary>Called by the generated client for every unsuccessful response.</summary>
        internal CertCentralException(string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>> headers, Exception? innerException)
            : this(statusCode, ParseErrors(response), response, headers, message, innerException)
        {
        }

        /// <summary>A call that got no HTTP response at all (connection refused, reset, DNS...).</summary>
        internal CertCentralException(string message, Exception innerException)
            : this(0, Array.Empty<ErrorDetail>(), null, NoHeaders, message, innerException)
        {
        }

        /// <summary>A response the client refused to read (too large, say).</summary>
        internal CertCentralException(string message, int statusCode)
            : this(statusCode, Array.Empty<ErrorDetail>(), null, NoHeaders, message, null)
        {
        }

        private CertCentralException(int status, IReadOnlyList<ErrorDetail> errors, string? body, IReadOnlyDictionary<string, IEnumerable<string>> headers, string description, Exception? innerException, int attempts = 1)
            : base(ComposeMessage(status, errors, body, description, innerException, attempts), innerException)
        {
            Status = status;
            Errors = errors;
            ResponseBody = body;
            Headers = headers ?? NoHeaders;
            Attempts = attempts;
            _description = description;
        }

        private readonly string _description;

        /// <summary>How many attempts the call made before giving up (retries included).</summary>
        public int Attempts { get; }

        /// <summary>
        /// Whether trying again later may succeed: rate limited (429), unavailable (503), or no
        /// response at all. The client retries these itself, up to its configured limits.
        /// </summary>
        public bool IsTransient => Status == 0 || Status == 429 || Status == 503;

        /// <summary>
        /// The same failure with <paramref name="secret"/> replaced wherever the server echoed it
        /// (body, error messages, inner exception): the API key never leaves in an exception.
        /// </summary>
        internal CertCentralException Redact(string secret)
        {
            if (string.IsNullOrEmpty(secret) || !ToString().Contains(secret)) return this;

            string? Clean(string? text) => text?.Replace(secret, "[redacted]");
            var errors = Errors.Select(e => new ErrorDetail { Code = Clean(e.Code)!, Message = Clean(e.Message)! }).ToList();
            var inner = InnerException != null && InnerException.ToString().Contains(secret)
                ? new InvalidOperationException(Clean(InnerException.Message))
                : InnerException;
            return new CertCentralException(Status, errors, Clean(ResponseBody), Headers, Clean(_description)!, inner, Attempts);
        }

        /// <summary>The same failure, saying how many attempts were made.</summary>
        internal CertCentralException AfterAttempts(int attempts) =>
            attempts <= 1 ? this : new CertCentralException(Status, Errors, ResponseBody, Headers, _description, InnerException, attempts);

        /// <summary>The HTTP status code, or 0 when no response was received.</summary>
        public int Status { get; }

        /// <summary>DigiCert's errors from the response body; empty when it had none or was not JSON.</summary>
        public IReadOnlyList<ErrorDetail> Errors { get; }

        /// <summary>The first error's code, such as <c>not_found|order</c>, if any.</summary>
        public string? ErrorCode => Errors.Count > 0 ? Errors[0].Code : null;

        /// <summary>The response body as text, when one was read.</summary>
        public string? ResponseBody { get; }

        /// <summary>The response headers (never the request's, which carry the API key).</summary>
        public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }

        /// <summary>Whether CertCentral refused the call for exceeding its rate limit.</summary>
        public bool IsRateLimited => Status == 429 || Errors.Any(e => e.Code == "request_limit_exceeded");

        private static IReadOnlyList<ErrorDetail> ParseErrors(string? body)
        {
            if (string.IsNullOrWhiteSpace(body) || body!.TrimStart()[0] != '{') return Array.Empty<ErrorDetail>();
            try
            {
                var parsed = CertCentralJson.Deserialize<ErrorResponse>(body);
                return parsed.Errors?.Where(e => e != null).ToList() ?? (IReadOnlyList<ErrorDetail>)Array.Empty<ErrorDetail>();
            }
            catch (JsonException)
            {
                return Array.Empty<ErrorDetail>();
            }
        }

        private static string ComposeMessage(int status, IReadOnlyList<ErrorDetail> errors, string? body, string description, Exception? inner, int attempts)
        {
            var text = new StringBuilder();
            text.Append(status == 0 ? "No response from CertCentral" : $"CertCentral answered HTTP {status}");
            text.Append(": ").Append(description.TrimEnd('.')).Append('.');
            foreach (var error in errors)
            {
                text.Append(' ').Append(error.Code).Append(": ").Append(error.Message?.TrimEnd('.')).Append('.');
            }

            if (errors.Count == 0 && status >= 400 && !string.IsNullOrWhiteSpace(body))
            {
                var flat = string.Join(" ", body!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                text.Append(" The body is not DigiCert's error JSON: \"")
                    .Append(flat.Length > MaxBodyInMessage ? flat.Substring(0, MaxBodyInMessage) + "..." : flat)
                    .Append('"');
            }

            if (inner != null)
            {
                text.Append(' ').Append(inner.Message);
            }

            if (attempts > 1)
            {
                text.Append(" Gave up after ").Append(attempts).Append(" attempts");
                text.Append(status == 429 || errors.Any(e => e.Code == "request_limit_exceeded") ? ", rate limited each time." : ".");
            }

            return text.ToString();
        }
    }
}
