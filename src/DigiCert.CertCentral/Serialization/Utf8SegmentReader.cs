using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>
    /// A TextReader that decodes UTF-8 from byte segments straight into the caller's buffer, so
    /// parsing a response allocates no reader buffers of its own (a StreamReader allocates two).
    /// </summary>
    internal sealed class Utf8SegmentReader : TextReader
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);
        private readonly IReadOnlyList<ArraySegment<byte>> _segments;
        private readonly Decoder _decoder = Utf8.GetDecoder();
        private int _segment;
        private int _offset;

        public Utf8SegmentReader(IReadOnlyList<ArraySegment<byte>> segments)
        {
            _segments = segments;
            SkipByteOrderMark();
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

        private void SkipByteOrderMark()
        {
            if (_segments.Count == 0) return;
            var first = _segments[0];
            if (first.Count >= 3 && first.Array![first.Offset] == 0xEF && first.Array[first.Offset + 1] == 0xBB && first.Array[first.Offset + 2] == 0xBF) _offset = 3;
        }
    }
}
