using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>Response headers as results and exceptions hold them: copied, names compared case-insensitively, cleaned of the key.</summary>
    internal static class ResponseHeaders
    {
        public static readonly IReadOnlyDictionary<string, IEnumerable<string>> None = Of(Array.Empty<KeyValuePair<string, IEnumerable<string>>>());

        /// <summary>A copy of <paramref name="headers"/>, values of a repeated name together.</summary>
        public static IReadOnlyDictionary<string, IEnumerable<string>> Of(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers)
        {
            var copy = new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in headers) copy[header.Key] = copy.TryGetValue(header.Key, out var earlier) ? earlier.Concat(header.Value).ToArray() : header.Value.ToArray();
            return copy;
        }

        /// <summary>The headers of <paramref name="response"/> and its content, each name and value cleaned by <paramref name="redactor"/>.</summary>
        public static IReadOnlyDictionary<string, IEnumerable<string>> Copy(HttpResponseMessage response, Redactor redactor)
        {
#if NET8_0_OR_GREATER
            // The raw values, as received: no parsing.
            var all = response.Headers.NonValidated.Concat(response.Content?.Headers.NonValidated ?? default)
                .Select(h => new KeyValuePair<string, IEnumerable<string>>(h.Key, h.Value));
#else
            var all = response.Content is null ? response.Headers : response.Headers.Concat(response.Content.Headers);
#endif
            return Of(all.Select(h => new KeyValuePair<string, IEnumerable<string>>(redactor.Scrub(h.Key), h.Value.Select(redactor.Scrub))));
        }
    }
}
