using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// A response body read to its end inside the attempt (so the attempt's deadline covers every
    /// byte), held in pooled arrays of growing size and returned to the pool when the response is
    /// disposed. It knows the redactor, so text made from it can be cleaned of the key.
    /// </summary>
    internal sealed class BufferedContent : HttpContent
    {
        private const int FirstSegment = 16 * 1024;
        private const int LargestSegment = 1024 * 1024; // the largest array the shared pool keeps on every platform
        private readonly List<ArraySegment<byte>> _segments = new List<ArraySegment<byte>>();
        private long _length;

        private BufferedContent(Redactor redactor) => Redactor = redactor;

        public IReadOnlyList<ArraySegment<byte>> Segments => _segments;

        public Redactor Redactor { get; }

        /// <summary>The model read from the body (see <see cref="ResponseBufferHandler"/>), if it was read.</summary>
        public object? Model { get; set; }

        /// <summary>
        /// Reads <paramref name="source"/> to its end. More than <paramref name="maxBytes"/> throws
        /// <see cref="CertCentralException"/> for <paramref name="status"/>.
        /// </summary>
        public static async Task<BufferedContent> ReadAsync(HttpContent source, long maxBytes, int status, Redactor redactor, CancellationToken cancellationToken)
        {
            var content = new BufferedContent(redactor);
#if NET8_0_OR_GREATER
            foreach (var header in source.Headers.NonValidated)
            {
                foreach (var value in header.Value) content.Headers.TryAddWithoutValidation(header.Key, value);
            }
#else
            foreach (var header in source.Headers) content.Headers.TryAddWithoutValidation(header.Key, header.Value);
#endif
            try
            {
#if NET8_0_OR_GREATER
                using var stream = await source.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
                using var stream = await source.ReadAsStreamAsync().ConfigureAwait(false);
#endif
                var next = (int)Math.Min(Math.Max(source.Headers.ContentLength ?? FirstSegment, 1), LargestSegment);
                while (true)
                {
                    var array = ArrayPool<byte>.Shared.Rent(next);
                    var count = 0;
                    int read;
                    do
                    {
#if NET8_0_OR_GREATER
                        read = await stream.ReadAsync(array.AsMemory(count), cancellationToken).ConfigureAwait(false);
#else
                        read = await stream.ReadAsync(array, count, array.Length - count, cancellationToken).ConfigureAwait(false);
#endif
                        count += read;
                    }
                    while (read > 0 && count < array.Length);

                    content._segments.Add(new ArraySegment<byte>(array, 0, count));
                    content._length += count;
                    if (content._length > maxBytes) throw CertCentralException.TooLarge(status, maxBytes);
                    if (read == 0) return content;
                    next = Math.Min(array.Length * 2, LargestSegment);
                }
            }
            catch
            {
                content.Dispose();
                throw;
            }
        }

        /// <summary>
        /// The body as text for an error report: in its declared charset (UTF-8 when none is
        /// declared or the charset is unknown), invalid bytes replaced, cleaned of the key.
        /// </summary>
        public string ReadText()
        {
            var strict = Serialization.BodyEncoding.Resolve(Headers.ContentType?.CharSet, _segments.Count > 0 ? _segments[0] : default);
            var encoding = strict is null || strict.CodePage == Encoding.UTF8.CodePage
                ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false)
                : Encoding.GetEncoding(strict.CodePage, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
            var text = encoding.GetString(ToArray());
            if (text.Length > 0 && text[0] == '\uFEFF') text = text.Substring(1);
            return Redactor.Scrub(text);
        }

        public byte[] ToArray()
        {
            var bytes = new byte[_length];
            var at = 0;
            foreach (var segment in _segments)
            {
                Buffer.BlockCopy(segment.Array!, segment.Offset, bytes, at, segment.Count);
                at += segment.Count;
            }

            return bytes;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var bytes = ToArray();
            return stream.WriteAsync(bytes, 0, bytes.Length);
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new MemoryStream(ToArray(), writable: false));

        protected override bool TryComputeLength(out long length)
        {
            length = _length;
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                foreach (var segment in _segments) ArrayPool<byte>.Shared.Return(segment.Array!);
                _segments.Clear();
                _length = 0;
            }

            base.Dispose(disposing);
        }
    }
}
