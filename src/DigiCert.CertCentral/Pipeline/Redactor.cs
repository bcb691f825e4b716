using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// Removes the API key from whatever the client shows (exceptions, headers, logs, spans), in
    /// case a server echoes it, and the user-info (a password) from URLs. The key is found in any
    /// letter case and in the forms an echo or a runtime message may carry it: percent-encoded (a
    /// URL), base64, the hex bytes .NET quotes in its parse errors (<c>51-57-45</c>), UTF-16 read
    /// as 8-bit text (a NUL between characters), and JSON escapes.
    /// </summary>
    internal sealed class Redactor
    {
        public const string Replacement = "[redacted]";
        private readonly string _secret;
        private readonly string[] _forms;
        private Regex? _escaped;

        public Redactor(string secret)
        {
            _secret = secret;
            var bytes = Encoding.UTF8.GetBytes(secret);
            _forms = new[]
                {
                    secret,
                    Uri.EscapeDataString(secret),
                    string.Concat(bytes.Select(b => "%" + b.ToString("X2", CultureInfo.InvariantCulture))),
                    BitConverter.ToString(bytes),
                    string.Join("\0", secret.Select(c => c.ToString())),
                    string.Join("\\u0000", secret.Select(c => c.ToString())),
                }
                .Concat(Base64Cores(bytes))
                .Where(form => form == secret || form.Length >= 8) // a short encoding would match ordinary text
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToArray();
            _shortest = _forms.Min(form => form.Length);
        }

        // No form fits in shorter text (most header values): nothing to search.
        private readonly int _shortest;

        // The key inside base64 text (an echoed "Basic" header, a token): wherever it starts, only
        // the characters made of its bits alone are fixed, in the standard and the URL alphabet,
        // padded or not.
        private static IEnumerable<string> Base64Cores(byte[] key)
        {
            for (var offset = 0; offset < 3; offset++)
            {
                var shifted = new byte[offset + key.Length];
                Array.Copy(key, 0, shifted, offset, key.Length);
                var text = Convert.ToBase64String(shifted);
                var first = ((8 * offset) + 5) / 6; // the first character whose 6 bits are all the key's
                var end = 8 * (offset + key.Length) / 6; // after the last such character
                if (end <= first) continue;
                var core = text.Substring(first, end - first);
                yield return core;
                yield return core.Replace('+', '-').Replace('/', '_');
            }
        }

        // The key as JSON may write it: any character as \uXXXX (hex in either case), '/' as \/.
        // Built on first need: only text with a backslash is searched for it.
        private Regex Escaped => _escaped ??= BuildEscapedPattern(_secret);

        /// <summary>Whether the text carries the key, in any of its forms.</summary>
        public bool Contains(string? text)
        {
            if (text is null || text.Length < _shortest) return false;
            foreach (var form in _forms)
            {
#pragma warning disable CA2249 // string.Contains with a StringComparison is not in netstandard2.0
                if (text.IndexOf(form, StringComparison.OrdinalIgnoreCase) >= 0) return true;
#pragma warning restore CA2249
            }

            return HasBackslash(text) && Escaped.IsMatch(text);
        }

        public string Scrub(string text)
        {
            if (text.Length < _shortest) return text;
            foreach (var form in _forms) text = ReplaceIgnoringCase(text, form);
            return HasBackslash(text) ? Escaped.Replace(text, Replacement) : text;
        }

        /// <summary>
        /// Whether a transport's message must be cleaned: it carries the key, or quotes bytes the
        /// server sent as hex (.NET's parse errors write <c>43-61-6E-...</c>), which may be part of
        /// an echoed key that no longer matches it whole.
        /// </summary>
        public bool MustClean(string text) => Contains(text) || QuotedBytes.Pattern.IsMatch(text);

        /// <summary>A transport's message cleaned of the key and of quoted bytes.</summary>
        public string CleanMessage(string text) => QuotedBytes.Pattern.Replace(Scrub(text), "[bytes]");

        private static class QuotedBytes
        {
            public static readonly Regex Pattern = new Regex("(?:[0-9A-Fa-f]{2}-){7,}[0-9A-Fa-f]{2}", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }

        // string.Replace with a StringComparison is not in netstandard2.0.
        private static string ReplaceIgnoringCase(string text, string form)
        {
            var at = text.IndexOf(form, StringComparison.OrdinalIgnoreCase);
            if (at < 0) return text;
            var result = new StringBuilder(text.Length);
            var from = 0;
            for (; at >= 0; at = text.IndexOf(form, from, StringComparison.OrdinalIgnoreCase))
            {
                result.Append(text, from, at - from).Append(Replacement);
                from = at + form.Length;
            }

            return result.Append(text, from, text.Length - from).ToString();
        }

        // string.Contains(char) is not in netstandard2.0; an ordinal IndexOf is the same test.
#pragma warning disable CA2249
        private static bool HasBackslash(string text) => text.IndexOf('\\') >= 0;
#pragma warning restore CA2249

        private static Regex BuildEscapedPattern(string secret)
        {
            var pattern = new StringBuilder();
            foreach (var c in secret)
            {
                pattern.Append("(?:").Append(Regex.Escape(c.ToString())).Append(@"|\\u");
                foreach (var digit in ((int)c).ToString("x4", CultureInfo.InvariantCulture)) pattern.Append(digit);
                if (c == '/') pattern.Append(@"|\\/");
                pattern.Append(')');
            }

            return new Regex(pattern.ToString(), RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        }

        /// <summary>Scrubs every string and property name in a JSON tree, in place where it can.</summary>
        public JToken Scrub(JToken token)
        {
            switch (token)
            {
                case JValue value when value.Type == JTokenType.String && Contains((string?)value.Value):
                    return new JValue(Scrub((string)value.Value!));
                case JArray array:
                    for (var i = 0; i < array.Count; i++) array[i] = Scrub(array[i]);
                    return array;
                case JObject obj:
                    var result = new JObject();
                    foreach (var property in obj.Properties()) result[Scrub(property.Name)] = Scrub(property.Value);
                    return result;
                default:
                    return token;
            }
        }

        /// <summary>Replaces, in place, any response header value that carries the key.</summary>
        public void Scrub(HttpResponseMessage response)
        {
            Scrub(response.Headers);
            if (response.Content != null) Scrub(response.Content.Headers);
        }

        private void Scrub(HttpHeaders headers)
        {
#if NET8_0_OR_GREATER
            // The raw values, without parsing or copying them: nothing allocated when nothing echoes the key.
            var echoed = false;
            foreach (var header in headers.NonValidated)
            {
                if (Contains(header.Key)) echoed = true;
                foreach (var value in header.Value) echoed |= Contains(value);
            }

            if (!echoed) return;
#endif
            List<KeyValuePair<string, IEnumerable<string>>>? dirty = null;
            foreach (var header in headers)
            {
                if (Contains(header.Key) || header.Value.Any(Contains)) (dirty ??= new List<KeyValuePair<string, IEnumerable<string>>>()).Add(header);
            }

            if (dirty is null) return;
            foreach (var header in dirty)
            {
                headers.Remove(header.Key);
                headers.TryAddWithoutValidation(Scrub(header.Key), header.Value.Select(Scrub).ToList());
            }
        }

        /// <summary>
        /// A base URL from the options, fit to show before it is validated: without user-info, query
        /// and fragment (any may hold a secret), and without the key.
        /// </summary>
        public static string BaseUrlToShow(Uri uri, string? apiKey)
        {
            var text = WithoutUserInfo(uri);
            foreach (var start in "?#")
            {
                var cut = text.IndexOf(start);
                if (cut >= 0) text = text.Substring(0, cut);
            }

            return string.IsNullOrEmpty(apiKey) ? text : new Redactor(apiKey!).Scrub(text);
        }

        /// <summary>A URL fit to show: without user-info (a password) and without the key.</summary>
        public string Url(Uri? uri) => Scrub(WithoutUserInfo(uri));

        public static string WithoutUserInfo(Uri? uri)
        {
            if (uri is null) return string.Empty;
            if (!uri.IsAbsoluteUri || string.IsNullOrEmpty(uri.UserInfo)) return uri.IsAbsoluteUri ? uri.AbsoluteUri : uri.OriginalString;
            return new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.AbsoluteUri;
        }
    }
}
