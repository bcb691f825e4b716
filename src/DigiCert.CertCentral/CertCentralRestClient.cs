using System;
using System.Net.Http;
using System.Text;
using DigiCert.CertCentral.Serialization;
using Newtonsoft.Json;

namespace DigiCert.CertCentral
{
    // Customizes the NSwag-generated REST client (CertCentral.g.cs in obj/): the API key header
    // and the serializer settings. Public callers use CertCentralClient.
    internal partial class CertCentralRestClient
    {
        /// <summary>The header that carries the API key (the description's DevKey scheme).</summary>
        internal const string ApiKeyHeader = "X-DC-DEVKEY";

        private string _apiKey = string.Empty;

        internal CertCentralRestClient(HttpClient httpClient, Uri baseUri, string apiKey)
            : this(httpClient)
        {
            BaseUrl = baseUri.OriginalString;
            _apiKey = apiKey;
        }

        static partial void UpdateJsonSerializerSettings(JsonSerializerSettings settings) => CertCentralJson.Configure(settings);

        partial void PrepareRequest(HttpClient client, HttpRequestMessage request, StringBuilder urlBuilder)
        {
            request.Headers.TryAddWithoutValidation(ApiKeyHeader, _apiKey);
        }
    }
}
