using System;
using System.IO;
using System.Text;
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>
    /// A response body read to its end (bytes), decoded in the charset its Content-Type declares
    /// (UTF-8 when none is, UTF-16 when a byte order mark or a NUL beside the first character says
    /// so, as RFC 4627 does) and parsed as one JSON value.
    /// </summary>
    internal static class ResponseBody
    {
        private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>Reads the body as <typeparamref name="T"/> with the client's serializer.</summary>
        public static T Read<T>(byte[] body, int length, string? charset) => Read(body, length, charset, static reader => CertCentralJson.Serializer.Deserialize<T>(reader));

        /// <summary>Reads the body as <typeparamref name="T"/> with <paramref name="read"/> (a model's generated reader).</summary>
        /// <exception cref="UnreadableBodyException">
        /// Not one JSON value of <typeparamref name="T"/>, not valid text in its charset, or a
        /// charset .NET cannot decode; with the reason and where.
        /// </exception>
        public static T Read<T>(byte[] body, int length, string? charset, Func<JsonReader, T?> read)
        {
            var encoding = Resolve(charset, body, length)
                ?? throw new UnreadableBodyException($"The response declares charset '{charset}', which the client cannot decode.", 0, 0, null);
            try
            {
                return ReadOnce(body, length, encoding, read, FloatParseHandling.Decimal);
            }
            catch (UnreadableBodyException e) when (e.InTokens)
            {
                // Decimals keep a number's digits for text fields (1.50 stays "1.50") but cannot hold
                // 1e30: a body with such a number (in an unknown field) is read again with doubles
                // before it is called unreadable.
                try
                {
                    return ReadOnce(body, length, encoding, read, FloatParseHandling.Double);
                }
                catch (UnreadableBodyException)
                {
                }

                throw;
            }
        }

        private static T ReadOnce<T>(byte[] body, int length, Encoding encoding, Func<JsonReader, T?> read, FloatParseHandling numbers)
        {
            using var reader = CertCentralJson.CreateReader(new ByteTextReader(body, length, encoding));
            reader.FloatParseHandling = numbers;
            try
            {
                if (!JsonWire.NextToken(reader) || reader.TokenType is JsonToken.Null or JsonToken.Undefined)
                {
                    throw new JsonSerializationException($"The body is empty or JSON null; expected {typeof(T).Name}.");
                }

                var value = read(reader) ?? throw new JsonSerializationException($"Expected {typeof(T).Name}.");
                if (JsonWire.NextToken(reader)) throw new JsonSerializationException($"Additional text after the JSON value (at '{reader.Path}').");
                return value;
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException && e is not UnreadableBodyException)
            {
                var reason = e switch
                {
                    JsonException => e.Message,
                    DecoderFallbackException => $"The body is not valid text in its encoding ({e.Message.TrimEnd('.')}).",
                    _ => "Unexpected value: " + e.Message,
                };
                if (!reason.Contains("'" + reader.Path + "'") && reader.Path.Length > 0) reason = reason.TrimEnd('.') + $" (at '{reader.Path}').";
                throw new UnreadableBodyException(reason, reader.LineNumber, reader.LinePosition, e as WireValueException) { InTokens = e is JsonReaderException };
            }
        }

        /// <summary>The body as text for a message: invalid bytes replaced, an unknown charset read as UTF-8.</summary>
        public static string Text(byte[] body, int length, string? charset)
        {
            var strict = Resolve(charset, body, length) ?? StrictUtf8;
            var lenient = Encoding.GetEncoding(strict.CodePage, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
            var text = lenient.GetString(body, 0, length);
            return text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
        }

        /// <summary>The strict encoding of a body; null when its declared charset is unknown or unsupported (UTF-7).</summary>
        private static Encoding? Resolve(string? charset, byte[] body, int length)
        {
            var name = charset?.Trim().Trim('"', '\'').ToLowerInvariant();
            var littleEndianMark = length >= 2 && body[0] == 0xFF && body[1] == 0xFE;
            var bigEndianMark = length >= 2 && body[0] == 0xFE && body[1] == 0xFF;
            // JSON starts with an ASCII character: a NUL beside it is UTF-16 (RFC 4627, section 3).
            var bigEndianNul = !littleEndianMark && length >= 2 && body[0] == 0 && body[1] != 0;
            switch (name)
            {
                case null or "":
                    if (littleEndianMark || (!bigEndianMark && length >= 2 && body[0] != 0 && body[1] == 0)) return Strict(Encoding.Unicode);
                    return bigEndianMark || bigEndianNul ? Strict(Encoding.BigEndianUnicode) : StrictUtf8;
                case "utf-8" or "utf8":
                    return StrictUtf8;
                case "utf-16" or "utf16":
                    // No byte order in the name: the mark says, or the NUL (servers without a mark mostly write little-endian).
                    return Strict(bigEndianMark || bigEndianNul ? Encoding.BigEndianUnicode : Encoding.Unicode);
            }

            try
            {
                return Encoding.GetEncoding(name, EncoderFallback.ReplacementFallback, DecoderFallback.ExceptionFallback);
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException)
            {
                return null;
            }
        }

        private static Encoding Strict(Encoding encoding) =>
            Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ReplacementFallback, DecoderFallback.ExceptionFallback);

        /// <summary>Decodes a byte array straight into the JSON reader's (pooled) buffer: no reader buffers of its own.</summary>
        private sealed class ByteTextReader : TextReader
        {
            private readonly byte[] _bytes;
            private readonly int _length;
            private readonly Decoder _decoder;
            private int _offset;

            public ByteTextReader(byte[] bytes, int length, Encoding encoding)
            {
                _bytes = bytes;
                _length = length;
                _decoder = encoding.GetDecoder();
                var mark = encoding.CodePage == 65001 ? new byte[] { 0xEF, 0xBB, 0xBF } : encoding.GetPreamble();
                if (mark.Length > 0 && length >= mark.Length && StartsWith(mark)) _offset = mark.Length;
            }

            public override int Read(char[] buffer, int index, int count)
            {
                if (count == 0) return 0;
                while (true)
                {
                    var flush = true; // the whole body is here: a sequence cut at its end is invalid
                    _decoder.Convert(_bytes, _offset, _length - _offset, buffer, index, count, flush, out var bytesUsed, out var charsUsed, out _);
                    _offset += bytesUsed;
                    if (charsUsed > 0 || _offset >= _length) return charsUsed;
                }
            }

            private bool StartsWith(byte[] mark)
            {
                for (var i = 0; i < mark.Length; i++)
                {
                    if (_bytes[i] != mark[i]) return false;
                }

                return true;
            }
        }
    }

    /// <summary>
    /// A body that could not be read as its model: why (with the JSON path), and where (line and
    /// position, 1-based; 0 when unknown). The message quotes what the server sent; the pipeline
    /// cleans it of the API key (<see cref="Describe"/>) before anyone sees it.
    /// </summary>
    internal sealed class UnreadableBodyException : JsonSerializationException
    {
        private readonly WireValueException? _value;

        public UnreadableBodyException(string reason, int line, int position, WireValueException? value)
            : base(reason)
        {
            Line = line;
            Position = position;
            _value = value;
        }

        public int Line { get; }

        public int Position { get; }

        /// <summary>Whether the JSON text itself could not be read (not a value of the wrong form).</summary>
        public bool InTokens { get; init; }

        /// <summary>The reason, cleaned by <paramref name="clean"/> (a quoted value is cleaned before it is shortened).</summary>
        public string Describe(Func<string, string> clean) =>
            _value is null ? clean(Message) : clean(Message.Replace(_value.Message, _value.Describe(clean)));
    }
}
