using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using DigiCert.CertCentral.Pipeline;

namespace DigiCert.CertCentral
{
    /// <summary>
    /// A successful call's model with its HTTP status and response headers, for example to quote
    /// <see cref="RequestId"/> in a support ticket. Constructible, so fakes can return one.
    /// </summary>
    /// <typeparam name="T">The model type.</typeparam>
    public sealed class CertCentralResponse<T>
    {
        private static readonly IReadOnlyDictionary<string, IEnumerable<string>> NoHeaders = new Dictionary<string, IEnumerable<string>>();
        private readonly HttpResponseMessage? _response;
        private IReadOnlyDictionary<string, IEnumerable<string>>? _headers;

        /// <summary>Creates a response, for example in a fake of <see cref="ICertCentralClient"/>.</summary>
        /// <param name="value">The model.</param>
        /// <param name="status">The HTTP status code.</param>
        /// <param name="headers">The response headers; none when null.</param>
        public CertCentralResponse(T value, int status = 200, IReadOnlyDictionary<string, IEnumerable<string>>? headers = null)
        {
            Value = value;
            Status = status;
            _headers = headers ?? NoHeaders;
        }

        internal CertCentralResponse(T value, HttpResponseMessage response)
        {
            Value = value;
            Status = (int)response.StatusCode;
            _response = response; // headers are copied only if asked for
        }

        /// <summary>The model read from the body.</summary>
        public T Value { get; }

        /// <summary>The HTTP status code.</summary>
        public int Status { get; }

        /// <summary>The response headers, names compared case-insensitively (cleaned of the API key if a server echoed it).</summary>
        public IReadOnlyDictionary<string, IEnumerable<string>> Headers => _headers ??= CertCentralResponse.CopyHeaders(_response!);

        /// <summary>The <c>X-Request-Id</c> (or <c>X-Correlation-Id</c>) header, if the server sent one.</summary>
        public string? RequestId =>
            (Headers.FirstOrDefault(h => string.Equals(h.Key, "X-Request-Id", StringComparison.OrdinalIgnoreCase)).Value
             ?? Headers.FirstOrDefault(h => string.Equals(h.Key, "X-Correlation-Id", StringComparison.OrdinalIgnoreCase)).Value)?.FirstOrDefault();
    }

    /// <summary>Reads the answers of the generated client (see Client.Class.liquid).</summary>
    internal static class CertCentralResponse
    {
        /// <summary>The model of a success response, read by the pipeline (<see cref="ResponseBufferHandler"/>).</summary>
        public static CertCentralResponse<T> Read<T>(HttpResponseMessage response) =>
            (response.Content as BufferedContent)?.Model is T model
                ? new CertCentralResponse<T>(model, response)
                : throw new InvalidOperationException("The response was not read by the CertCentral pipeline.");

        public static IReadOnlyDictionary<string, IEnumerable<string>> CopyHeaders(HttpResponseMessage response)
        {
            var headers = new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in response.Headers) headers[header.Key] = header.Value.ToList();
            if (response.Content != null)
            {
                foreach (var header in response.Content.Headers) headers[header.Key] = header.Value.ToList();
            }

            return headers;
        }
    }
}
