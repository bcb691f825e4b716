using System;
using System.Collections.Generic;
using System.Linq;

namespace DigiCert.CertCentral
{
    /// <summary>
    /// A successful call's model with its HTTP status and response headers, for example to quote
    /// <see cref="RequestId"/> in a support ticket. It holds no transport object: the headers are
    /// copied (cleaned of the API key) when it is made. Constructible, so fakes can return one.
    /// </summary>
    /// <typeparam name="T">The model type.</typeparam>
    public sealed class CertCentralResponse<T>
    {
        /// <summary>Creates a response, for example in a fake of <see cref="CertCentralClient"/>.</summary>
        /// <param name="value">The model.</param>
        /// <param name="status">The HTTP status code.</param>
        /// <param name="headers">The response headers; none when null.</param>
        public CertCentralResponse(T value, int status = 200, IReadOnlyDictionary<string, IEnumerable<string>>? headers = null)
        {
            Value = value;
            Status = status;
            Headers = headers is null ? Pipeline.ResponseHeaders.None : Pipeline.ResponseHeaders.Of(headers);
        }

        // Headers the pipeline has already copied.
        internal CertCentralResponse(T value, int status, IReadOnlyDictionary<string, IEnumerable<string>> copiedHeaders, bool copied)
        {
            Value = value;
            Status = status;
            Headers = copied ? copiedHeaders : Pipeline.ResponseHeaders.Of(copiedHeaders);
        }

        /// <summary>The model read from the body.</summary>
        public T Value { get; }

        /// <summary>The HTTP status code.</summary>
        public int Status { get; }

        /// <summary>The response headers, names compared case-insensitively (cleaned of the API key if a server echoed it).</summary>
        public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }

        /// <summary>The <c>X-Request-Id</c> (or <c>X-Correlation-Id</c>) header, if the server sent one.</summary>
        public string? RequestId =>
            (Headers.TryGetValue("X-Request-Id", out var id) || Headers.TryGetValue("X-Correlation-Id", out id)) ? id.FirstOrDefault() : null;
    }
}
