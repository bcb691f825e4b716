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
    /// case a server echoes it, and the user-info (a password) from URLs.
    /// </summary>
    internal sealed class Redactor
    {
        public const string Replacement = "[redacted]";
        private readonly string _secret;
        private Regex? _escaped;

        public Redactor(string secret) => _secret = secret;

        // The key as JSON may write it: any character as \uXXXX (hex in either case), '/' as \/.
        // Built on first need: only text with a backslash is searched for it.
        private Regex Escaped => _escaped ??= BuildEscapedPattern(_secret);

        /// <summary>Whether the text carries the key, as is or JSON-escaped.</summary>
        public bool Contains(string? text) => text != null && (text.Contains(_secret) || (HasBackslash(text) && Escaped.IsMatch(text)));

        public string Scrub(string text)
        {
            if (text.Contains(_secret)) text = text.Replace(_secret, Replacement);
            return HasBackslash(text) ? Escaped.Replace(text, Replacement) : text;
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
                foreach (var digit in ((int)c).ToString("x4", CultureInfo.InvariantCulture))
                {
                    pattern.Append(char.IsLetter(digit) ? $"[{digit}{char.ToUpperInvariant(digit)}]" : digit.ToString());
                }

                if (c == '/') pattern.Append(@"|\\/");
                pattern.Append(')');
            }

            return new Regex(pattern.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
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
