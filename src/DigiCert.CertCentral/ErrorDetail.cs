using System.Collections.Generic;
using Newtonsoft.Json;

namespace DigiCert.CertCentral
{
    /// <summary>
    /// One of DigiCert's errors, from <c>{"errors":[{"code","message"}]}</c> (the description's
    /// <c>ErrorDetail</c>). Read leniently: an error without a message, or without a code, is kept.
    /// </summary>
    public sealed class ErrorDetail
    {
        private static readonly char[] SuffixSeparators = { '|', ':' };

        /// <summary>Creates an error, for example in a fake that simulates a failure.</summary>
        /// <param name="code">The code, such as <c>not_found|order</c>.</param>
        /// <param name="message">The message, if any.</param>
        public ErrorDetail(string? code, string? message = null)
        {
            Code = code;
            Message = message;
        }

        /// <summary>The machine-readable code, possibly suffixed: <c>not_found|order</c>, <c>required_param:order_id</c>.</summary>
        [JsonProperty("code")]
        public string? Code { get; }

        /// <summary>The human-readable message; some errors come without one.</summary>
        [JsonProperty("message", NullValueHandling = NullValueHandling.Ignore)]
        public string? Message { get; }

        /// <summary>
        /// The code without its suffix: <c>not_found</c> for <c>not_found|order</c>,
        /// <c>required_param</c> for <c>required_param:order_id</c>. Compare on this.
        /// </summary>
        [JsonIgnore]
        public string BaseCode => Split().BaseCode;

        /// <summary>The suffix naming the subject, such as <c>order</c> in <c>not_found|order</c>; null when the code has none.</summary>
        [JsonIgnore]
        public string? Subject => Split().Subject;

        /// <summary>Other fields the server sent with the error (as JSON tokens), cleaned of the API key.</summary>
        [JsonExtensionData]
        public IDictionary<string, object> AdditionalProperties { get; } = new Dictionary<string, object>();

        /// <summary>The code and the message.</summary>
        /// <returns>For example <c>not_found|order: Order not found.</c></returns>
        public override string ToString() => Message is null ? Code ?? string.Empty : $"{Code}: {Message}";

        private (string BaseCode, string? Subject) Split()
        {
            var code = Code ?? string.Empty;
            var at = code.IndexOfAny(SuffixSeparators);
            return at < 0 ? (code, null) : (code.Substring(0, at), code.Substring(at + 1));
        }
    }
}
