using System;
using System.Net.Http;
using System.Text;
using DigiCert.CertCentral.Diagnostics;
using DigiCert.CertCentral.Resilience;
using DigiCert.CertCentral.Serialization;

namespace DigiCert.CertCentral
{
    // Customizes the NSwag-generated REST client (CertCentral.g.cs in obj/): request headers and
    // the response size bound. Responses are parsed by CertCentralJson (see the
    // ReadObjectResponse template), so the generated serializer settings are not used.
    // Public callers use CertCentralClient.
    internal partial class CertCentralRestClient
    {
        /// <summary>The header that carries the API key (the description's DevKey scheme).</summary>
        internal const string ApiKeyHeader = "X-DC-DEVKEY";

        private readonly string _apiKey = string.Empty;
        private readonly long _maxResponseBytes = long.MaxValue;

        internal CertCentralRestClient(HttpClient httpClient, Uri baseUri, string apiKey, long maxResponseBytes)
            : this(httpClient)
        {
            BaseUrl = baseUri.OriginalString;
            _apiKey = apiKey;
            _maxResponseBytes = maxResponseBytes;
        }

        partial void PrepareRequest(HttpClient client, HttpRequestMessage request, StringBuilder urlBuilder)
        {
            request.Headers.TryAddWithoutValidation(ApiKeyHeader, _apiKey);
            request.Headers.TryAddWithoutValidation("User-Agent", CertCentralDiagnostics.UserAgent);
        }

        // Runs once the headers are in, before the body is read.
        partial void ProcessResponse(HttpClient client, HttpResponseMessage response)
        {
            ResponseObservation.Current?.Observe(response);
            if (response.Content is null) return;

            var status = (int)response.StatusCode;
            if (status < 200 || status > 299) ResponseBody.ForgetUndecodableCharset(response.Content); // error bodies are read as text
            var declaredLength = response.Content.Headers.ContentLength;
            if (declaredLength > _maxResponseBytes) throw BoundedContent.TooLarge(status, _maxResponseBytes);

            // HttpClient reads no more than a declared Content-Length, so only a body without one
            // (chunked, or read to the connection's end) needs counting as it is read.
            if (declaredLength is null) response.Content = new BoundedContent(response.Content, _maxResponseBytes, status);
        }
    }
}
