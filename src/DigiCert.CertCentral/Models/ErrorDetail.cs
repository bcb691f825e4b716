using System;
using Newtonsoft.Json;

namespace DigiCert.CertCentral
{
    public partial class ErrorDetail
    {
        private static readonly char[] SuffixSeparators = { '|', ':' };

        /// <summary>
        /// The code without its suffix: <c>not_found</c> for <c>not_found|order</c>,
        /// <c>required_param</c> for <c>required_param:order_id</c>. Compare on this.
        /// </summary>
        [JsonIgnore]
        public string BaseCode => Split().BaseCode;

        /// <summary>
        /// The suffix naming the subject of the error, such as <c>order</c> in
        /// <c>not_found|order</c>; null when the code has none.
        /// </summary>
        [JsonIgnore]
        public string? Subject => Split().Subject;

        private (string BaseCode, string? Subject) Split()
        {
            var code = Code ?? string.Empty;
            var at = code.IndexOfAny(SuffixSeparators);
            return at < 0 ? (code, null) : (code.Substring(0, at), code.Substring(at + 1));
        }
    }
}
