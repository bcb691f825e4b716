using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Resilience
{
    /// <summary>
    /// A response body that may not exceed a size: reading past it throws
    /// <see cref="CertCentralException"/> instead of filling memory.
    /// </summary>
    internal sealed class BoundedContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly long _maxBytes;
        private readonly int _status;

        public BoundedContent(HttpContent inner, long maxBytes, int status)
        {
            _inner = inner;
            _maxBytes = maxBytes;
            _status = status;
            foreach (var header in inner.Headers) Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        public static CertCentralException TooLarge(int status, long maxBytes) =>
            new CertCentralException($"the response body is larger than the {maxBytes:N0}-byte limit (CertCentralClientOptions.MaxResponseBytes)", status);

        protected override async Task<Stream> CreateContentReadStreamAsync() =>
            new LimitedStream(await _inner.ReadAsStreamAsync().ConfigureAwait(false), _maxBytes, _status);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            using var source = await CreateContentReadStreamAsync().ConfigureAwait(false);
            await source.CopyToAsync(stream).ConfigureAwait(false);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }

        private sealed class LimitedStream : Stream
        {
            private readonly Stream _inner;
            private readonly long _maxBytes;
            private readonly int _status;
            private long _read;

            public LimitedStream(Stream inner, long maxBytes, int status)
            {
                _inner = inner;
                _maxBytes = maxBytes;
                _status = status;
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => _read; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

#if NET8_0_OR_GREATER
            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
                Count(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
#else
            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                Count(await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false));
#endif

            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing) _inner.Dispose();
                base.Dispose(disposing);
            }

            private int Count(int read)
            {
                _read += read;
                if (_read > _maxBytes) throw TooLarge(_status, _maxBytes);
                return read;
            }
        }
    }
}
