using System;
using System.Globalization;
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>
    /// Reads scalar values the way CertCentral sends them, which is not always the way its
    /// documentation types them: numbers may come as strings and strings as numbers.
    /// </summary>
    internal static class WireValue
    {
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
            switch (reader.TokenType)
            {
                case JsonToken.Integer when reader.Value is long number && number >= int.MinValue && number <= int.MaxValue:
                    return (int)number;
                case JsonToken.String when int.TryParse((string)reader.Value!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed):
                    return parsed;
                case JsonToken.Null when allowNull:
                    return null;
                default:
                    throw Unexpected(reader, typeName, "a whole number (as a number or a string of digits)");
            }
        }

        /// <summary>Reads a flag sent as "0"/"1", 0/1 or a JSON boolean.</summary>
        public static bool? ReadFlag(JsonReader reader, string typeName, bool allowNull)
        {
            switch (reader.TokenType)
            {
                case JsonToken.Boolean:
                    return (bool)reader.Value!;
                case JsonToken.String when (string)reader.Value! == "0":
                case JsonToken.Integer when reader.Value is long zero && zero == 0:
                    return false;
                case JsonToken.String when (string)reader.Value! == "1":
                case JsonToken.Integer when reader.Value is long one && one == 1:
                    return true;
                case JsonToken.Null when allowNull:
                    return null;
                default:
                    throw Unexpected(reader, typeName, "a flag (\"0\" or \"1\")");
            }
        }

        private static JsonSerializationException Unexpected(JsonReader reader, string typeName, string expected)
        {
            var lineInfo = reader as IJsonLineInfo;
            var value = reader.Value is null ? reader.TokenType.ToString() : Convert.ToString(reader.Value, CultureInfo.InvariantCulture);
            return new JsonSerializationException(
                $"Cannot read {typeName} at '{reader.Path}': expected {expected}, got {value}.",
                reader.Path,
                lineInfo?.LineNumber ?? 0,
                lineInfo?.LinePosition ?? 0,
                null);
        }
    }
}
