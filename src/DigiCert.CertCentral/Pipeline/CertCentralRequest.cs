using System;
using System.Globalization;
using System.Net.Http;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// A request as a generated <c>Create...Request</c> method builds it from the description: the
    /// method and the path and query below the base URL. The pipeline makes a fresh message of it
    /// for every attempt and redirect.
    /// </summary>
    internal sealed class CertCentralRequest
    {
        private string _pathAndQuery;
        private bool _hasQuery;

        public CertCentralRequest(HttpMethod method, string path)
        {
            Method = method;
            _pathAndQuery = path;
        }

        public HttpMethod Method { get; }

        /// <summary>Appends <c>name=value</c> (already formatted) to the query.</summary>
        public void AddQuery(string name, string value)
        {
            _pathAndQuery += (_hasQuery ? "&" : "?") + Uri.EscapeDataString(name) + "=" + value;
            _hasQuery = true;
        }

        /// <summary>The absolute URL below <paramref name="baseUrl"/> (which ends with a slash).</summary>
        public Uri ToUri(string baseUrl) => new Uri(baseUrl + _pathAndQuery, UriKind.Absolute);

        /// <summary>A parameter value as the wire takes it: invariant, escaped for a path segment or query value.</summary>
        public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

        public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

        public static string Format(bool value) => value ? "true" : "false";

        public static string Format(double value) => Uri.EscapeDataString(value.ToString("R", CultureInfo.InvariantCulture));

        public static string Format(DateTimeOffset value) => Uri.EscapeDataString(value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));

        public static string Format(DateTime value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        public static string Format(string value) => Uri.EscapeDataString(value);

        public static string Format(object value) => Uri.EscapeDataString(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
    }
}
