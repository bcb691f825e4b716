using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// Response headers copied out of the response (which is disposed), cleaned of the API key:
    /// one flat array of names and values, looked up case-insensitively.
    /// </summary>
    internal sealed class ResponseHeaders : IReadOnlyDictionary<string, IEnumerable<string>>
    {
        public static readonly ResponseHeaders None = new ResponseHeaders(Array.Empty<string>(), Array.Empty<string[]>());

        private readonly string[] _names;
        private readonly string[][] _values;

        public ResponseHeaders(IReadOnlyDictionary<string, IEnumerable<string>> headers)
            : this(headers.Keys.ToArray(), headers.Values.Select(v => v.ToArray()).ToArray())
        {
        }

        private ResponseHeaders(string[] names, string[][] values)
        {
            _names = names;
            _values = values;
        }

        /// <summary>The headers of <paramref name="response"/> and its content, each name and value cleaned by <paramref name="redactor"/>.</summary>
        public static ResponseHeaders Copy(HttpResponseMessage response, Redactor redactor)
        {
#if NET8_0_OR_GREATER
            // The raw values, as received: no parsing, and a single value is not copied.
            var content = response.Content?.Headers.NonValidated;
            var count = response.Headers.NonValidated.Count + (content?.Count ?? 0);
            var names = new string[count];
            var values = new string[count][];
            var i = 0;
            foreach (var header in response.Headers.NonValidated) Add(header.Key, header.Value, ref i);
            if (content != null) foreach (var header in content) Add(header.Key, header.Value, ref i);
            return new ResponseHeaders(names, values);

            void Add(string name, System.Net.Http.Headers.HeaderStringValues raw, ref int at)
            {
                var copy = new string[raw.Count];
                var j = 0;
                foreach (var value in raw) copy[j++] = redactor.Scrub(value);
                names[at] = redactor.Scrub(name);
                values[at++] = copy;
            }
#else
            var all = response.Content is null ? response.Headers : response.Headers.Concat(response.Content.Headers);
            return new ResponseHeaders(
                all.Select(h => redactor.Scrub(h.Key)).ToArray(),
                all.Select(h => h.Value.Select(redactor.Scrub).ToArray()).ToArray());
#endif
        }

        public int Count => _names.Length;

        public IEnumerable<string> Keys => _names;

        public IEnumerable<IEnumerable<string>> Values => _values;

        public IEnumerable<string> this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No header '{key}'.");

        public bool ContainsKey(string key) => Array.FindIndex(_names, n => string.Equals(n, key, StringComparison.OrdinalIgnoreCase)) >= 0;

        public bool TryGetValue(string key, out IEnumerable<string> value)
        {
            var at = Array.FindIndex(_names, n => string.Equals(n, key, StringComparison.OrdinalIgnoreCase));
            value = at >= 0 ? _values[at] : Array.Empty<string>();
            return at >= 0;
        }

        public IEnumerator<KeyValuePair<string, IEnumerable<string>>> GetEnumerator()
        {
            for (var i = 0; i < _names.Length; i++) yield return new KeyValuePair<string, IEnumerable<string>>(_names[i], _values[i]);
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
