using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>
    /// A TextReader that decodes byte segments straight into the caller's buffer, so parsing a
    /// response allocates no reader buffers of its own (a StreamReader allocates two). Decoding
    /// is strict: bytes that are not valid in the encoding throw
    /// <see cref="DecoderFallbackException"/> instead of becoming replacement characters.
    /// </summary>
    internal sealed class SegmentTextReader : TextReader
    {
        /// <summary>UTF-8 that throws on invalid bytes; the fast path for almost every response.</summary>
        public static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        private readonly IReadOnlyList<ArraySegment<byte>> _segments;
        private readonly Decoder _decoder;
        private int _segment;
        private int _offset;

        public SegmentTextReader(IReadOnlyList<ArraySegment<byte>> segments, Encoding encoding)
        {
            _segments = segments;
            _decoder = encoding.GetDecoder();
            SkipByteOrderMark(encoding);
        }

        public override int Read(char[] buffer, int index, int count)
        {
            if (count == 0) return 0;
            while (_segment < _segments.Count)
            {
                var segment = _segments[_segment];
                var last = _segment == _segments.Count - 1;
                var available = segment.Count - _offset;
                if (available == 0 && !last)
                {
                    _segment++;
                    _offset = 0;
                    continue;
                }

                _decoder.Convert(segment.Array!, segment.Offset + _offset, available, buffer, index, count, flush: last, out var bytesUsed, out var charsUsed, out _);
                _offset += bytesUsed;
                if (charsUsed > 0) return charsUsed;
                if (last && _offset == segment.Count) _segment++;
                else if (bytesUsed == 0 && !last)
                {
                    _segment++;
                    _offset = 0;
                }
            }

            return 0;
        }

        public override int Peek() => throw new NotSupportedException();

        public override int Read() => throw new NotSupportedException();

        private void SkipByteOrderMark(Encoding encoding)
        {
            if (_segments.Count == 0) return;
            var preamble = encoding.GetPreamble();
            if (preamble.Length == 0 && encoding.CodePage == Encoding.UTF8.CodePage) preamble = new byte[] { 0xEF, 0xBB, 0xBF };
            if (StartsWith(_segments[0], preamble)) _offset = preamble.Length;
        }

        internal static bool StartsWith(ArraySegment<byte> segment, byte[] prefix)
        {
            if (prefix.Length == 0 || segment.Count < prefix.Length) return false;
            for (var i = 0; i < prefix.Length; i++)
            {
                if (segment.Array![segment.Offset + i] != prefix[i]) return false;
            }

            return true;
        }
    }
}
