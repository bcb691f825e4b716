using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>
    /// Reads a response body for deserialization: asynchronously, so no thread blocks while bytes
    /// arrive (Newtonsoft.Json can only read synchronously), into pooled buffers rather than a
    /// string, then parses from memory.
    /// </summary>
    internal static class ResponseBody
    {
        private const int FirstSegment = 16 * 1024;
        private const int LargestSegment = 1024 * 1024; // the largest array the shared pool keeps on every platform

        /// <summary>
        /// Reads and parses the body in the charset its Content-Type declares (UTF-8, with or
        /// without a byte order mark, when none is declared).
        /// </summary>
        /// <exception cref="UnreadableBodyException">
        /// The body is not <typeparamref name="T"/>, is not valid text in its charset, or declares
        /// a charset .NET cannot decode; with the JSON path, the reason and a bounded excerpt.
        /// </exception>
        public static async Task<T> DeserializeAsync<T>(HttpContent content, CancellationToken cancellationToken)
        {
            var declaredCharset = content.Headers.ContentType?.CharSet;
#if NET8_0_OR_GREATER
            using var network = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
            using var network = await content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
            using var body = await SegmentedBuffer.ReadToEndAsync(network, content.Headers.ContentLength, cancellationToken).ConfigureAwait(false);
            var encoding = BodyEncoding.Resolve(declaredCharset, body.Segments.Count > 0 ? body.Segments[0] : default);
            if (encoding is null)
            {
                throw UnreadableBodyException
                    .At($"The response declares charset '{declaredCharset}', which the client cannot decode.", string.Empty, 0, 0, null)
                    .WithBody(BodyEncoding.DecodeExcerpt(body.Segments, SegmentTextReader.StrictUtf8));
            }

            try
            {
                return CertCentralJson.Deserialize<T>(new SegmentTextReader(body.Segments, encoding));
            }
            catch (UnreadableBodyException e)
            {
                throw e.WithBody(BodyEncoding.DecodeExcerpt(body.Segments, encoding));
            }
        }

        /// <summary>
        /// For a body read as text rather than parsed (error statuses): a charset .NET cannot
        /// decode is removed from the content's Content-Type, so that the text is read as UTF-8
        /// (invalid bytes replaced) instead of HttpContent throwing InvalidOperationException.
        /// The response's own headers, as reported in CertCentralException, keep the original.
        /// </summary>
        public static void ForgetUndecodableCharset(HttpContent content)
        {
            var contentType = content.Headers.ContentType;
            if (contentType?.CharSet is { } charset && BodyEncoding.Resolve(charset, default) is null) contentType.CharSet = null;
        }

        /// <summary>Bytes in pooled arrays of growing size; returned to the pool on dispose.</summary>
        internal sealed class SegmentedBuffer : IDisposable
        {
            private readonly List<ArraySegment<byte>> _segments = new List<ArraySegment<byte>>();

            public IReadOnlyList<ArraySegment<byte>> Segments => _segments;

            public static async Task<SegmentedBuffer> ReadToEndAsync(Stream source, long? expectedLength, CancellationToken cancellationToken)
            {
                var buffer = new SegmentedBuffer();
                try
                {
                    var next = (int)Math.Min(Math.Max(expectedLength ?? FirstSegment, 1), LargestSegment);
                    while (true)
                    {
                        var array = ArrayPool<byte>.Shared.Rent(next);
                        var count = 0;
                        int read;
                        do
                        {
#if NET8_0_OR_GREATER
                            read = await source.ReadAsync(array.AsMemory(count), cancellationToken).ConfigureAwait(false);
#else
                            read = await source.ReadAsync(array, count, array.Length - count, cancellationToken).ConfigureAwait(false);
#endif
                            count += read;
                        }
                        while (read > 0 && count < array.Length);

                        buffer._segments.Add(new ArraySegment<byte>(array, 0, count));
                        if (read == 0) return buffer;
                        next = Math.Min(array.Length * 2, LargestSegment);
                    }
                }
                catch
                {
                    buffer.Dispose();
                    throw;
                }
            }

            public void Dispose()
            {
                foreach (var segment in _segments) ArrayPool<byte>.Shared.Return(segment.Array!);
                _segments.Clear();
            }
        }
    }
}
