using System;
using System.Globalization;
using System.Numerics;
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>
    /// Reads scalar values the way CertCentral sends them, which is not always the way its
    /// documentation types them: numbers may come as strings and strings as numbers, flags as
    /// "0"/"1", 0/1 or booleans, timestamps with or without an offset. Every refusal is a
    /// <see cref="JsonSerializationException"/> naming the JSON path, what was expected and what came.
    /// </summary>
    internal static class WireValue
    {
        private static readonly string[] CalendarDateFormats = { "yyyy-MM-dd" };

        /// <summary>Reads a string; a number is taken as its invariant text.</summary>
        public static string? ReadString(JsonReader reader, string typeName, bool allowNull)
        {
            switch (reader.TokenType)
            {
                case JsonToken.String:
                    return (string)reader.Value!;
                case JsonToken.Integer:
                case JsonToken.Float:
                    return Convert.ToString(reader.Value, CultureInfo.InvariantCulture);
                case JsonToken.Null when allowNull:
                    return null;
                default:
                    throw Unexpected(reader, typeName, "a string");
            }
        }

        /// <summary>Reads a 32-bit integer sent either as a number or as a string of digits.</summary>
        public static int? ReadInt32(JsonReader reader, string typeName, bool allowNull)
        {
            var number = ReadInt64(reader, typeName, allowNull);
            if (number is null) return null;
            if (number.Value < int.MinValue || number.Value > int.MaxValue)
            {
                throw Unexpected(reader, typeName, "a whole number from " + int.MinValue + " to " + int.MaxValue);
            }

            return (int)number.Value;
        }

        /// <summary>Reads a 64-bit integer sent either as a number or as a string of digits.</summary>
        public static long? ReadInt64(JsonReader reader, string typeName, bool allowNull)
        {
            switch (reader.TokenType)
            {
                case JsonToken.Integer when reader.Value is long number:
                    return number;
                case JsonToken.Integer when reader.Value is BigInteger:
                    throw Unexpected(reader, typeName, "a whole number that fits in 64 bits");
                case JsonToken.String when long.TryParse(((string)reader.Value!).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed):
                    return parsed;
                case JsonToken.Null when allowNull:
                    return null;
                default:
                    throw Unexpected(reader, typeName, "a whole number (as a number or a string of digits)");
            }
        }

        /// <summary>Reads a flag sent as "0"/"1", 0/1, "true"/"false" or a JSON boolean.</summary>
        public static bool? ReadFlag(JsonReader reader, string typeName, bool allowNull)
        {
            switch (reader.TokenType)
            {
                case JsonToken.Boolean:
                    return (bool)reader.Value!;
                case JsonToken.Integer when reader.Value is long zero && zero == 0:
                    return false;
                case JsonToken.Integer when reader.Value is long one && one == 1:
                    return true;
                case JsonToken.String:
                    switch ((string)reader.Value!)
                    {
                        case "0":
                        case "false":
                            return false;
                        case "1":
                        case "true":
                            return true;
                    }

                    break;
                case JsonToken.Null when allowNull:
                    return null;
            }

            throw Unexpected(reader, typeName, "a flag (\"0\" or \"1\", 0 or 1, true or false)");
        }

        /// <summary>
        /// Reads a timestamp: ISO 8601 with a <c>T</c> or a space between date and time, with or
        /// without fractional seconds. With an offset (or <c>Z</c>) it is kept; without one the
        /// time is UTC, as DigiCert documents its timestamps, whatever the machine's zone.
        /// </summary>
        public static DateTimeOffset? ReadTimestamp(JsonReader reader, string typeName, bool allowNull)
        {
            if (reader.TokenType == JsonToken.Null && allowNull) return null;
            if (reader.TokenType == JsonToken.String)
            {
                var text = ((string)reader.Value!).Trim();
                if (LooksLikeIsoDate(text)
                    && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
                {
                    return parsed;
                }
            }

            throw Unexpected(reader, typeName, "a timestamp (yyyy-MM-ddTHH:mm:ss, with or without an offset)");
        }

        /// <summary>
        /// Reads a calendar date sent as <c>yyyy-MM-dd</c> or as a full timestamp. A timestamp
        /// gives its own date, as written (<c>2019-03-28T00:00:00-06:00</c> is 28 March), never
        /// shifted into the machine's zone or into UTC. The result's kind is Unspecified.
        /// </summary>
        public static DateTime? ReadCalendarDate(JsonReader reader, string typeName, bool allowNull)
        {
            if (reader.TokenType == JsonToken.Null && allowNull) return null;
            if (reader.TokenType == JsonToken.String)
            {
                var text = ((string)reader.Value!).Trim();
                if (DateTime.TryParseExact(text, CalendarDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return date;
                }

                if (text.Length > 10
                    && LooksLikeIsoDate(text)
                    && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
                {
                    return DateTime.SpecifyKind(timestamp.DateTime.Date, DateTimeKind.Unspecified);
                }
            }

            throw Unexpected(reader, typeName, "a date (yyyy-MM-dd, or a timestamp whose date is taken)");
        }

        // yyyy-MM-dd at the start: the invariant culture would otherwise also take US-style
        // "03/28/2019" or "March 28", which DigiCert never sends and which are ambiguous.
        private static bool LooksLikeIsoDate(string text) =>
            text.Length >= 10
            && char.IsDigit(text[0]) && char.IsDigit(text[1]) && char.IsDigit(text[2]) && char.IsDigit(text[3])
            && text[4] == '-' && char.IsDigit(text[5]) && char.IsDigit(text[6])
            && text[7] == '-' && char.IsDigit(text[8]) && char.IsDigit(text[9]);

        private static WireValueException Unexpected(JsonReader reader, string typeName, string expected)
        {
            var lineInfo = reader as IJsonLineInfo;
            var (value, quoted) = reader.TokenType switch
            {
                JsonToken.String => ((string)reader.Value!, true),
                JsonToken.Null => ("null", false),
                JsonToken.StartObject => ("an object", false),
                JsonToken.StartArray => ("an array", false),
                _ => (reader.Value is null ? reader.TokenType.ToString() : Convert.ToString(reader.Value, CultureInfo.InvariantCulture) ?? string.Empty, false),
            };
            return new WireValueException($"Cannot read {typeName} at '{reader.Path}': expected {expected}, got ", value, quoted, reader.Path, lineInfo?.LineNumber ?? 0, lineInfo?.LinePosition ?? 0);
        }
    }

    /// <summary>
    /// A value of the wrong form. The message quotes the start of the value; the whole value is
    /// kept so that a reader of server text can clean it (of an echoed API key) before it is
    /// shortened, since a shortened echo can no longer be recognised.
    /// </summary>
    internal sealed class WireValueException : JsonSerializationException
    {
        private const int MaxQuoted = 60;
        private readonly string _reason;
        private readonly string _value;
        private readonly bool _quoted;

        public WireValueException(string reason, string value, bool quoted, string path, int line, int position)
            : base(Compose(reason, value, quoted, text => text), path, line, position, null)
        {
            _reason = reason;
            _value = value;
            _quoted = quoted;
        }

        /// <summary>The message, the value cleaned by <paramref name="clean"/> before it is shortened.</summary>
        public string Describe(Func<string, string> clean) => Compose(_reason, _value, _quoted, clean);

        private static string Compose(string reason, string value, bool quoted, Func<string, string> clean)
        {
            var shown = Excerpt.Shorten(clean(value), MaxQuoted);
            return reason + (quoted ? "\"" + shown + "\"" : shown) + ".";
        }
    }
}
