using System;
using System.Globalization;
using System.Net.Http;
using DigiCert.CertCentral.Pipeline;

namespace DigiCert.CertCentral
{
    /// <summary>Builds the request messages of the generated client (see Client.Class.liquid).</summary>
    internal static class CertCentralRequest
    {
        /// <summary>A GET of <paramref name="url"/> that accepts JSON, tagged with its operation for the pipeline.</summary>
        public static HttpRequestMessage Create(string operationId, string url)
        {
            var request = new CertCentralCall(operationId).NewRequest(new Uri(url, UriKind.Absolute));
            request.Headers.TryAddWithoutValidation("Accept", "application/json");
            return request;
        }

        public static string FormatValue(long value) => value.ToString(CultureInfo.InvariantCulture);

        public static string FormatValue(bool? value) => value == true ? "true" : "false";
    }
}
