using System;
using System.Globalization;
using System.Net.Http;
using DigiCert.CertCentral.Pipeline;

namespace DigiCert.CertCentral
{
    /// <summary>Builds the request messages of the generated client (see Client.Class.liquid).</summary>
    internal static class CertCentralRequest
    {
        /// <summary>
        /// A GET of <paramref name="url"/> that accepts JSON, tagged for the pipeline with its
        /// operation and its success: <paramref name="successStatus"/> with a body read as <typeparamref name="T"/>.
        /// </summary>
        public static HttpRequestMessage Create<T>(string operationId, string url, int successStatus)
        {
            var request = new CertCentralCall(operationId, ModelReader<T>.For(successStatus)).NewRequest(new Uri(url, UriKind.Absolute));
            request.Headers.TryAddWithoutValidation("Accept", "application/json");
            return request;
        }

        public static string FormatValue(long value) => value.ToString(CultureInfo.InvariantCulture);

        public static string FormatValue(bool? value) => value == true ? "true" : "false";
    }
}
