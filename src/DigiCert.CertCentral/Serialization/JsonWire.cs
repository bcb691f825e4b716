using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>A generated model or open value set: writes itself in the server's wire form.</summary>
    internal interface IWireValue
    {
        void WriteJson(JsonWriter writer);
    }

    /// <summary>A generated model's fields that the description does not know; null when none came.</summary>
    internal interface IUnknownFields
    {
        IDictionary<string, object>? UnknownFields { get; }
    }

    /// <summary>
    /// The readers and writers the generated models are made of (see <c>tools/nswag/templates</c>).
    /// Values are read the way CertCentral sends them, which is not always the way its
    /// documentation types them: numbers as strings and strings as numbers, flags as "0"/"1", 0/1
    /// or booleans, timestamps with or without an offset, calendar dates as dates or timestamps.
    /// A reader is positioned on a value's first token and leaves it on the value's last; a value
    /// of the wrong form throws <see cref="WireValueException"/> naming its JSON path.
    /// </summary>
    internal static class JsonWire
    {
        /// <summary>Reads text; a number or boolean is taken as its JSON text (<c>7</c> is <c>"7"</c>).</summary>
        public static string? String(JsonReader reader) =>
            reader.TokenType == JsonToken.Boolean ? ((bool)reader.Value! ? "true" : "false") : Token(reader);

        /// <summary>Reads a value of an open set (a string); a number is taken as its text, a boolean is no value of a set.</summary>
        public static string? Token(JsonReader reader) => reader.TokenType switch
        {
            JsonToken.String => (string)reader.Value!,
            JsonToken.Integer or JsonToken.Float => Convert.ToString(reader.Value, CultureInfo.InvariantCulture),
            JsonToken.Null or JsonToken.Undefined => null,
            _ => throw Unexpected(reader, "text", "a string"),
        };

        /// <summary>Reads a 64-bit whole number sent as a number or as a string of digits.</summary>
        public static long? Int64(JsonReader reader) => reader.TokenType switch
        {
            JsonToken.Integer when reader.Value is long number => number,
            JsonToken.Integer => throw Unexpected(reader, "a whole number", "a whole number that fits in 64 bits"),
            JsonToken.String when long.TryParse(((string)reader.Value!).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
            JsonToken.Null or JsonToken.Undefined => null,
            _ => throw Unexpected(reader, "a whole number", "a whole number (as a number or a string of digits)"),
        };

        /// <summary>Reads a 32-bit whole number sent as a number or as a string of digits.</summary>
        public static int? Int32(JsonReader reader)
        {
            var number = Int64(reader);
            if (number is null) return null;
            if (number.Value < int.MinValue || number.Value > int.MaxValue) throw Unexpected(reader, "a whole number", "a whole number from -2147483648 to 2147483647");
            return (int)number.Value;
        }

        /// <summary>Reads a number sent as a number or as a numeric string.</summary>
        public static double? Double(JsonReader reader) => reader.TokenType switch
        {
            JsonToken.Integer or JsonToken.Float when reader.Value is not BigInteger => Convert.ToDouble(reader.Value, CultureInfo.InvariantCulture),
            JsonToken.String when double.TryParse((string)reader.Value!, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            JsonToken.Null or JsonToken.Undefined => null,
            _ => throw Unexpected(reader, "a number", "a number"),
        };

        /// <summary>Reads a flag sent as "0"/"1", 0/1, "true"/"false" or a JSON boolean.</summary>
        public static bool? Flag(JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonToken.Boolean:
                    return (bool)reader.Value!;
                case JsonToken.Integer when reader.Value is long number && (number == 0 || number == 1):
                    return number == 1;
                case JsonToken.String when (string)reader.Value! is "0" or "1" or "true" or "false":
                    return (string)reader.Value! is "1" or "true";
                case JsonToken.Null or JsonToken.Undefined:
                    return null;
                default:
                    throw Unexpected(reader, "a flag", "a flag (\"0\" or \"1\", 0 or 1, true or false)");
            }
        }

        /// <summary>
        /// Reads an ISO 8601 timestamp, with a <c>T</c> or a space between date and time. An offset
        /// (or <c>Z</c>) is kept; without one the time is UTC, as DigiCert documents, on every machine.
        /// </summary>
        public static DateTimeOffset? Timestamp(JsonReader reader)
        {
            if (reader.TokenType is JsonToken.Null or JsonToken.Undefined) return null;
            if (reader.TokenType == JsonToken.String && TryParseIso((string)reader.Value!, out var fast)) return fast;
            if (reader.TokenType == JsonToken.String
                && LooksLikeIsoDate((string)reader.Value!)
                && DateTimeOffset.TryParse(((string)reader.Value!).Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
            {
                return parsed;
            }

            throw Unexpected(reader, "a timestamp", "a timestamp (yyyy-MM-ddTHH:mm:ss, with or without an offset)");
        }

        /// <summary>
        /// Reads a calendar date sent as <c>yyyy-MM-dd</c> or as a full timestamp, whose own date is
        /// taken as written (<c>2019-03-28T00:00:00-06:00</c> is 28 March), never shifted by a zone.
        /// </summary>
        public static DateTime? CalendarDate(JsonReader reader)
        {
            if (reader.TokenType is JsonToken.Null or JsonToken.Undefined) return null;
            if (reader.TokenType == JsonToken.String)
            {
                if (TryParseIso((string)reader.Value!, out var fast)) return fast.DateTime.Date; // the date as written
                var text = ((string)reader.Value!).Trim();
                if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
                if (text.Length > 10 && LooksLikeIsoDate(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
                {
                    return DateTime.SpecifyKind(timestamp.DateTime.Date, DateTimeKind.Unspecified);
                }
            }

            throw Unexpected(reader, "a date", "a date (yyyy-MM-dd, or a timestamp whose date is taken)");
        }

        /// <summary>
        /// Reads a model for a converter, whatever the caller's settings: dates stay text until the
        /// model reads them, and numbers keep their digits.
        /// </summary>
        public static T Converted<T>(JsonReader reader, Func<JsonReader, T> read)
        {
            var (dates, floats) = (reader.DateParseHandling, reader.FloatParseHandling);
            reader.DateParseHandling = DateParseHandling.None;
            reader.FloatParseHandling = FloatParseHandling.Decimal;
            try
            {
                return read(reader);
            }
            finally
            {
                (reader.DateParseHandling, reader.FloatParseHandling) = (dates, floats);
            }
        }

        /// <summary>Reads a value of a type the templates have no reader for, with the client's serializer settings.</summary>
        public static T? Other<T>(JsonReader reader) =>
            reader.TokenType is JsonToken.Null or JsonToken.Undefined ? default : CertCentralJson.Serializer.Deserialize<T>(reader);

        /// <summary>Reads a field the description does not know, kept as sent.</summary>
        public static object Unknown(JsonReader reader) => JToken.ReadFrom(reader);

        /// <summary>
        /// Whether an object starts here (the reader is on <c>{</c>); false for null or an empty
        /// string, which read as absent (Newtonsoft.Json's rule); anything else is refused.
        /// </summary>
        public static bool StartObject(JsonReader reader, string typeName) => reader.TokenType switch
        {
            JsonToken.StartObject => true,
            JsonToken.Null or JsonToken.Undefined => false,
            JsonToken.String when ((string)reader.Value!).Length == 0 => false,
            _ => throw Unexpected(reader, typeName, "an object"),
        };

        /// <summary>Whether a list starts here; false for null or an empty string (read as an empty list).</summary>
        public static bool StartArray(JsonReader reader) => reader.TokenType switch
        {
            JsonToken.StartArray => true,
            JsonToken.Null or JsonToken.Undefined => false,
            JsonToken.String when ((string)reader.Value!).Length == 0 => false,
            _ => throw Unexpected(reader, "a list", "a list"),
        };

        /// <summary>Moves to the next property's value; false at the end of the object.</summary>
        public static bool NextProperty(JsonReader reader, out string name)
        {
            if (!NextToken(reader)) throw new JsonSerializationException($"The body ends inside the object at '{reader.Path}'.");
            if (reader.TokenType == JsonToken.EndObject)
            {
                name = string.Empty;
                return false;
            }

            name = (string)reader.Value!;
            if (!NextToken(reader)) throw new JsonSerializationException($"The body ends inside the object at '{reader.Path}'.");
            return true;
        }

        /// <summary>Moves to the next item; false at the end of the list.</summary>
        public static bool NextItem(JsonReader reader)
        {
            if (!NextToken(reader)) throw new JsonSerializationException($"The body ends inside the list at '{reader.Path}'.");
            return reader.TokenType != JsonToken.EndArray;
        }

        /// <summary>Moves to the next token that is not a comment; false at the end of the input.</summary>
        public static bool NextToken(JsonReader reader)
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonToken.Comment) return true;
            }

            return false;
        }

        /// <summary>A required value that is missing or null: the object cannot be trusted.</summary>
        public static JsonSerializationException Missing(JsonReader reader, string property, string typeName) =>
            new JsonSerializationException($"Required property '{property}' of {typeName} is missing or null (at '{reader.Path}').");

        public static void WriteFlag(JsonWriter writer, bool value) => writer.WriteValue(value ? "1" : "0");

        public static void WriteIntegerString(JsonWriter writer, long value) => writer.WriteValue(value.ToString(CultureInfo.InvariantCulture));

        public static void WriteCalendarDate(JsonWriter writer, DateTime value) => writer.WriteValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        public static void WriteTimestamp(JsonWriter writer, DateTimeOffset value) =>
            writer.WriteValue(value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));

        public static void Write<T>(JsonWriter writer, T value)
            where T : IWireValue => value.WriteJson(writer);

        /// <summary>Writes a value of a type the templates have no writer for, or a field kept as sent.</summary>
        public static void WriteOther(JsonWriter writer, object? value)
        {
            if (value is JToken token) token.WriteTo(writer);
            else CertCentralJson.Serializer.Serialize(writer, value);
        }

        // The forms the wire sends, read by position (the culture-aware parser is several times
        // slower): yyyy-MM-dd, then optionally T or space, HH:mm:ss, a fraction, and Z or ±HH:mm
        // (none is UTC). Anything else goes to the general parser.
        private static bool TryParseIso(string text, out DateTimeOffset value)
        {
            value = default;
            if (text.Length < 10 || !LooksLikeIsoDate(text) || char.IsWhiteSpace(text[0])) return false;
            int year = Number(text, 0, 4), month = Number(text, 5, 2), day = Number(text, 8, 2);
            if (month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year == 0 ? 1 : year, month) || year == 0) return false;
            if (text.Length == 10)
            {
                value = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
                return true;
            }

            if (text.Length < 19 || (text[10] != 'T' && text[10] != ' ') || text[13] != ':' || text[16] != ':') return false;
            int hour = Number(text, 11, 2), minute = Number(text, 14, 2), second = Number(text, 17, 2);
            if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
            var at = 19;
            long ticks = 0;
            if (at < text.Length && text[at] == '.')
            {
                var digits = 0;
                for (at++; at < text.Length && text[at] >= '0' && text[at] <= '9'; at++, digits++)
                {
                    if (digits < 7) ticks = (ticks * 10) + (text[at] - '0');
                }

                if (digits == 0) return false;
                for (; digits < 7; digits++) ticks *= 10;
            }

            var offset = TimeSpan.Zero;
            if (at < text.Length && (text[at] == 'Z' || text[at] == 'z'))
            {
                at++;
            }
            else if (at < text.Length && (text[at] == '+' || text[at] == '-'))
            {
                if (text.Length - at != 6 || text[at + 3] != ':') return false;
                int hours = Number(text, at + 1, 2), minutes = Number(text, at + 4, 2);
                if (hours < 0 || hours > 14 || minutes < 0 || minutes > 59) return false;
                offset = new TimeSpan(hours, minutes, 0);
                if (text[at] == '-') offset = -offset;
                at += 6;
            }

            if (at != text.Length || offset.Duration() > TimeSpan.FromHours(14)) return false;
            try
            {
                value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(ticks);
                return true;
            }
            catch (ArgumentOutOfRangeException)
            {
                return false; // beyond what DateTimeOffset holds once shifted to UTC: the general parser says why
            }
        }

        // A run of decimal digits at a position, or -1.
        private static int Number(string text, int start, int length)
        {
            var number = 0;
            for (var i = start; i < start + length; i++)
            {
                if (text[i] < '0' || text[i] > '9') return -1;
                number = (number * 10) + (text[i] - '0');
            }

            return number;
        }

        // yyyy-MM-dd at the start: the invariant culture would otherwise also take "03/28/2019" or "March 28".
        private static bool LooksLikeIsoDate(string text)
        {
            text = text.TrimStart();
            return text.Length >= 10
                && char.IsDigit(text[0]) && char.IsDigit(text[1]) && char.IsDigit(text[2]) && char.IsDigit(text[3])
                && text[4] == '-' && char.IsDigit(text[5]) && char.IsDigit(text[6])
                && text[7] == '-' && char.IsDigit(text[8]) && char.IsDigit(text[9]);
        }

        private static WireValueException Unexpected(JsonReader reader, string typeName, string expected)
        {
            var (value, quoted) = reader.TokenType switch
            {
                JsonToken.String => ((string)reader.Value!, true),
                JsonToken.Null => ("null", false),
                JsonToken.StartObject => ("an object", false),
                JsonToken.StartArray => ("an array", false),
                _ => (reader.Value is null ? reader.TokenType.ToString() : Convert.ToString(reader.Value, CultureInfo.InvariantCulture) ?? string.Empty, false),
            };
            return new WireValueException($"Cannot read {typeName} at '{reader.Path}': expected {expected}, got ", value, quoted);
        }
    }

    /// <summary>
    /// A value of the wrong form. The message quotes the start of the value; the whole value is
    /// kept so that it can be cleaned (of an echoed API key) before it is shortened, since a
    /// shortened echo can no longer be recognised.
    /// </summary>
    internal sealed class WireValueException : JsonSerializationException
    {
        private const int MaxQuoted = 60;
        private readonly string _reason;
        private readonly string _value;
        private readonly bool _quoted;

        public WireValueException(string reason, string value, bool quoted)
            : base(Compose(reason, value, quoted, text => text))
        {
            _reason = reason;
            _value = value;
            _quoted = quoted;
        }

        /// <summary>The message, the value cleaned by <paramref name="clean"/> before it is shortened.</summary>
        public string Describe(Func<string, string> clean) => Compose(_reason, _value, _quoted, clean);

        private static string Compose(string reason, string value, bool quoted, Func<string, string> clean)
        {
            var shown = clean(value);
            shown = shown.Length > MaxQuoted ? shown.Substring(0, MaxQuoted) + "..." : shown;
            return reason + (quoted ? "\"" + shown + "\"" : shown) + ".";
        }
    }
}
