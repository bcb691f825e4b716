using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// Removes API keys from server text before the client shows it (exceptions, headers, logs,
    /// spans), in case a server echoes one: every key the client has held (a rotated key is still a
    /// secret), in any letter case and in the forms an echo or a runtime message may carry it:
    /// percent-encoded, base64 wherever it starts, the hex bytes .NET quotes in its parse errors
    /// (<c>51-57-45</c>), UTF-16 read as 8-bit text (a NUL between characters), and JSON escapes.
    /// </summary>
    internal sealed class Redactor
    {
        public const string Replacement = "[redacted]";

        /// <summary>What is shown instead of a server text too long to be searched for escaped keys in time.</summary>
        public const string Unchecked = "[not shown: too long to check for the API key]";
        private static readonly char[] QueryOrFragment = { '?', '#' };
        private KeyForms[] _keys;

        public Redactor(string key) => _keys = new[] { new KeyForms(key) };

        /// <summary>Adds a key (after a rotation); the earlier ones stay.</summary>
        public void Add(string key)
        {
            lock (this)
            {
                if (_keys.Any(k => k.Key == key)) return;
                // Longest first: a key that contains an earlier one is replaced whole, not around it.
                _keys = _keys.Append(new KeyForms(key)).OrderByDescending(k => k.Key.Length).ToArray();
            }
        }

        /// <summary>Whether the text carries a key, in any of its forms.</summary>
        public bool Contains(string? text) => text != null && Array.Exists(_keys, key => key.FoundIn(text));

        /// <summary>The text with every form of every key replaced.</summary>
        public string Scrub(string text)
        {
            foreach (var key in _keys) text = key.Scrub(text);
            return text;
        }

        /// <summary>
        /// A transport's message cleaned of the keys and of quoted bytes: .NET's parse errors quote
        /// what the server sent as hex, which may hold part of an echoed key that no longer matches whole.
        /// </summary>
        public string CleanMessage(string text) => Quoted.Bytes.Replace(Scrub(text), "[bytes]");

        /// <summary>Whether a transport's message must be cleaned (see <see cref="CleanMessage"/>).</summary>
        public bool MustClean(string text) => Contains(text) || Quoted.Bytes.IsMatch(text);

        // Built on first need (a transport's failure), not when the first client is made.
        private static class Quoted
        {
            public static readonly Regex Bytes = new Regex("(?:[0-9A-Fa-f]{2}-){7,}[0-9A-Fa-f]{2}", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }

        /// <summary>Every string and property name in a JSON tree, cleaned (a copy where anything changed).</summary>
        public JToken Scrub(JToken token)
        {
            switch (token)
            {
                case JValue value when value.Type == JTokenType.String && Contains((string?)value.Value):
                    return new JValue(Scrub((string)value.Value!));
                case JArray array:
                    return new JArray(array.Select(Scrub));
                case JObject obj:
                    var result = new JObject();
                    foreach (var property in obj.Properties()) result[Scrub(property.Name)] = Scrub(property.Value);
                    return result;
                default:
                    return token;
            }
        }

        /// <summary>A URL fit to show: without user-info (a password) and without the keys.</summary>
        public string Url(Uri? uri) => Scrub(WithoutUserInfo(uri));

        /// <summary>
        /// A base URL from the options, fit to show before it is validated: without user-info, query
        /// and fragment (any may hold a secret), and without the key.
        /// </summary>
        public static string BaseUrlToShow(Uri uri, string? apiKey)
        {
            var text = WithoutUserInfo(uri);
            var cut = text.IndexOfAny(QueryOrFragment);
            if (cut >= 0) text = text.Substring(0, cut);
            return string.IsNullOrEmpty(apiKey) ? text : new Redactor(apiKey!).Scrub(text);
        }

        private static string WithoutUserInfo(Uri? uri)
        {
            if (uri is null) return string.Empty;
            if (!uri.IsAbsoluteUri) return uri.OriginalString;
            return string.IsNullOrEmpty(uri.UserInfo) ? uri.AbsoluteUri : new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.AbsoluteUri;
        }

        /// <summary>One key and the forms it may be echoed in.</summary>
        private sealed class KeyForms
        {
            private static readonly char[] UrlEscaped = "\"%\\<>^`{|} ".ToCharArray();
            private readonly string[] _forms;
            private readonly int _shortest;
            private Regex? _escaped;

            public KeyForms(string key)
            {
                Key = key;
                var bytes = Encoding.UTF8.GetBytes(key);
                _forms = new[]
                    {
                        key,
                        Uri.EscapeDataString(key),
                        string.Concat(key.Select(c => Array.IndexOf(UrlEscaped, c) >= 0 ? "%" + ((int)c).ToString("X2", CultureInfo.InvariantCulture) : c.ToString())), // as a URL escapes only what it must
                        string.Concat(bytes.Select(b => "%" + b.ToString("X2", CultureInfo.InvariantCulture))),
                        BitConverter.ToString(bytes),
                        string.Join("\0", key.Select(c => c.ToString())),
                        string.Join("\\u0000", key.Select(c => c.ToString())),
                    }
                    .Concat(Base64Cores(bytes))
                    .Where(form => form == key || form.Length >= 8) // a short encoding would match ordinary text
                    .Distinct(StringComparer.OrdinalIgnoreCase)
                    .ToArray();
                _shortest = _forms.Min(form => form.Length);
            }

            public string Key { get; }

            // The key as JSON may write it: any character as \uXXXX, '/' as \/. Built on first need.
            private Regex Escaped => _escaped ??= EscapedPattern(Key);

            public bool FoundIn(string text)
            {
                if (text.Length < _shortest) return false;
                foreach (var form in _forms)
                {
#pragma warning disable CA2249 // string.Contains with a StringComparison is not in netstandard2.0
                    if (text.IndexOf(form, StringComparison.OrdinalIgnoreCase) >= 0) return true;
#pragma warning restore CA2249
                }

                try
                {
                    return HasBackslash(text) && Escaped.IsMatch(text);
                }
                catch (RegexMatchTimeoutException)
                {
                    return true; // too long to search: taken to hold the key
                }
            }

            public string Scrub(string text)
            {
                if (text.Length < _shortest) return text;
                foreach (var form in _forms) text = ReplaceIgnoringCase(text, form);
                try
                {
                    return HasBackslash(text) ? Escaped.Replace(text, Replacement) : text;
                }
                catch (RegexMatchTimeoutException)
                {
                    return Unchecked; // a huge server text that cannot be searched in time is not shown at all
                }
            }

            // The key inside base64 text (an echoed "Basic" header, a token): wherever it starts, only
            // the characters made of its bits alone are fixed, in either alphabet, padded or not.
            private static IEnumerable<string> Base64Cores(byte[] key)
            {
                for (var offset = 0; offset < 3; offset++)
                {
                    var shifted = new byte[offset + key.Length];
                    Array.Copy(key, 0, shifted, offset, key.Length);
                    var text = Convert.ToBase64String(shifted);
                    var first = ((8 * offset) + 5) / 6; // the first character whose 6 bits are all the key's
                    var end = 8 * (offset + key.Length) / 6;
                    if (end <= first) continue;
                    var core = text.Substring(first, end - first);
                    yield return core;
                    yield return core.Replace('+', '-').Replace('/', '_');
                }
            }

            private static Regex EscapedPattern(string key)
            {
                var pattern = new StringBuilder();
                foreach (var c in key)
                {
                    pattern.Append("(?:").Append(Regex.Escape(c.ToString())).Append(@"|\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    if (c == '/' || c == '"' || c == '\\') pattern.Append(@"|\\").Append(Regex.Escape(c.ToString()));
                    pattern.Append(')');
                }

                return new Regex(pattern.ToString(), RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
            }

            // string.Contains(char) is not in netstandard2.0; an ordinal IndexOf is the same test.
#pragma warning disable CA2249
            private static bool HasBackslash(string text) => text.IndexOf('\\') >= 0;
#pragma warning restore CA2249

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
        }
    }
}
