using System;
using System.Collections.Generic;
using System.Text;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>Which encoding a response body is decoded with.</summary>
    internal static class BodyEncoding
    {
        private static readonly byte[] Utf16LittleEndianMark = { 0xFF, 0xFE };
        private static readonly byte[] Utf16BigEndianMark = { 0xFE, 0xFF };

        /// <summary>
        /// The declared charset (strict: invalid bytes throw), or UTF-8 when none is declared
        /// (UTF-16 when the body starts with its byte order mark or a NUL beside its first character);
        /// null when the charset is unknown or not supported.
        /// </summary>
        public static Encoding? Resolve(string? declaredCharset, ArraySegment<byte> start)
        {
            var name = declaredCharset?.Trim().Trim('"', '\'');
            if (string.IsNullOrEmpty(name))
            {
                if (start.Array != null && SegmentTextReader.StartsWith(start, Utf16LittleEndianMark)) return Strict(Encoding.Unicode);
                if (start.Array != null && SegmentTextReader.StartsWith(start, Utf16BigEndianMark)) return Strict(Encoding.BigEndianUnicode);
                // No mark: JSON text starts with an ASCII character, so a NUL beside it is UTF-16 (RFC 4627, 3).
                if (start.Array != null && start.Count >= 2)
                {
                    var first = start.Array[start.Offset];
                    var second = start.Array[start.Offset + 1];
                    if (first != 0 && second == 0) return Strict(Encoding.Unicode);
                    if (first == 0 && second != 0) return Strict(Encoding.BigEndianUnicode);
                }

                return SegmentTextReader.StrictUtf8;
            }

            if (name!.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                return SegmentTextReader.StrictUtf8;
            }

            // "utf-16" names no byte order: the mark says, or else the NUL beside the first character
            // (RFC 2781 would assume big-endian; servers that send no mark mostly write little-endian).
            if (name.Equals("utf-16", StringComparison.OrdinalIgnoreCase) || name.Equals("utf16", StringComparison.OrdinalIgnoreCase))
            {
                var bigEndian = start.Array != null && (SegmentTextReader.StartsWith(start, Utf16BigEndianMark)
                    || (!SegmentTextReader.StartsWith(start, Utf16LittleEndianMark) && start.Count >= 2 && start.Array[start.Offset] == 0 && start.Array[start.Offset + 1] != 0));
                return Strict(bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode);
            }

            try
            {
                return Encoding.GetEncoding(name, EncoderFallback.ReplacementFallback, DecoderFallback.ExceptionFallback);
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException) // NotSupported: UTF-7, off since .NET 5
            {
                return null;
            }
        }

        /// <summary>The start of the body as text, invalid bytes replaced, for an exception.</summary>
        public static string DecodeExcerpt(IReadOnlyList<ArraySegment<byte>> segments, Encoding encoding)
        {
            var lenient = encoding.CodePage == Encoding.UTF8.CodePage
                ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false)
                : Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
            var text = new StringBuilder();
            var decoder = lenient.GetDecoder();
            var chars = new char[4096];
            // A bounded read: a little more than the excerpt kept, never the whole of a large body.
            var budget = 2 * UnreadableBodyException.MaxBodyExcerpt;
            for (var i = 0; i < segments.Count && text.Length < budget; i++)
            {
                var segment = segments[i];
                for (var offset = 0; offset < segment.Count && text.Length < budget;)
                {
                    var take = Math.Min(1024, segment.Count - offset);
                    decoder.Convert(segment.Array!, segment.Offset + offset, take, chars, 0, chars.Length, flush: false, out var used, out var produced, out _);
                    text.Append(chars, 0, produced);
                    offset += used;
                }
            }

            var result = text.ToString();
            return result.Length > 0 && result[0] == '\uFEFF' ? result.Substring(1) : result;
        }

        private static Encoding Strict(Encoding encoding) =>
            Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ReplacementFallback, DecoderFallback.ExceptionFallback);
    }
}
