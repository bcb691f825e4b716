using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// Response headers copied out of the response (which is disposed), cleaned of the API key: one
    /// flat array of names and values (a header with several values repeats its name), looked up
    /// case-insensitively.
    /// </summary>
    internal sealed class ResponseHeaders : IReadOnlyDictionary<string, IEnumerable<string>>
    {
        public static readonly ResponseHeaders None = new ResponseHeaders(Array.Empty<string>());

        private readonly string[] _pairs; // name, value, name, value...

        public ResponseHeaders(IReadOnlyDictionary<string, IEnumerable<string>> headers)
            : this(headers.SelectMany(h => h.Value.SelectMany(v => new[] { h.Key, v })).ToArray())
        {
        }

        private ResponseHeaders(string[] pairs) => _pairs = pairs;

        /// <summary>The headers of <paramref name="response"/> and its content, each name and value cleaned by <paramref name="redactor"/>.</summary>
        public static ResponseHeaders Copy(HttpResponseMessage response, Redactor redactor)
        {
#if NET8_0_OR_GREATER
            // The raw values, as received (no parsing), into an array of the exact size.
            var content = response.Content?.Headers;
            var pairs = new string[2 * (Count(response.Headers) + (content is null ? 0 : Count(content)))];
            var at = 0;
            Add(response.Headers, ref at);
            if (content != null) Add(content, ref at);
            return new ResponseHeaders(pairs);

            static int Count(System.Net.Http.Headers.HttpHeaders headers)
            {
                var count = 0;
                foreach (var header in headers.NonValidated) count += header.Value.Count;
                return count;
            }

            void Add(System.Net.Http.Headers.HttpHeaders headers, ref int index)
            {
                foreach (var header in headers.NonValidated)
                {
                    var name = redactor.Scrub(header.Key);
                    foreach (var value in header.Value)
                    {
                        pairs[index++] = name;
                        pairs[index++] = redactor.Scrub(value);
                    }
                }
            }
#else
            var all = response.Content is null ? response.Headers : response.Headers.Concat(response.Content.Headers);
            return new ResponseHeaders(all.SelectMany(h => h.Value.SelectMany(v => new[] { redactor.Scrub(h.Key), redactor.Scrub(v) })).ToArray());
#endif
        }

        public int Count => Keys.Count();

        public IEnumerable<string> Keys => Names().Distinct(StringComparer.OrdinalIgnoreCase);

        public IEnumerable<IEnumerable<string>> Values => Keys.Select(k => this[k]);

        public IEnumerable<string> this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No header '{key}'.");

        public bool ContainsKey(string key) => Names().Any(n => string.Equals(n, key, StringComparison.OrdinalIgnoreCase));

        public bool TryGetValue(string key, out IEnumerable<string> value)
        {
            List<string>? found = null;
            for (var i = 0; i < _pairs.Length; i += 2)
            {
                if (string.Equals(_pairs[i], key, StringComparison.OrdinalIgnoreCase)) (found ??= new List<string>()).Add(_pairs[i + 1]);
            }

            value = found ?? (IEnumerable<string>)Array.Empty<string>();
            return found != null;
        }

        public IEnumerator<KeyValuePair<string, IEnumerable<string>>> GetEnumerator() =>
            Keys.Select(k => new KeyValuePair<string, IEnumerable<string>>(k, this[k])).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private IEnumerable<string> Names()
        {
            for (var i = 0; i < _pairs.Length; i += 2) yield return _pairs[i];
        }
    }
}
