using System;
using System.Globalization;
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>
    /// An integer ID the server sends as a number or as a string of digits (the description's
    /// <c>x-digicert-wire: identifier</c>): read as <see cref="long"/>, written back as a number.
    /// </summary>
    internal sealed class IdentifierConverter : JsonConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(long) || objectType == typeof(long?);

        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer)
        {
            switch (reader.TokenType)
            {
                case JsonToken.Integer when reader.Value is long number:
                    return number;
                case JsonToken.String when long.TryParse((string)reader.Value!, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed):
                    return parsed;
                case JsonToken.Null when objectType == typeof(long?):
                    return null;
                default:
                    var value = reader.Value is null ? reader.TokenType.ToString() : Convert.ToString(reader.Value, CultureInfo.InvariantCulture);
                    var lineInfo = reader as IJsonLineInfo;
                    throw new JsonSerializationException(
                        $"Cannot read an identifier at '{reader.Path}': expected a whole number (as a number or a string of digits), got {value}.",
                        reader.Path, lineInfo?.LineNumber ?? 0, lineInfo?.LinePosition ?? 0, null);
            }
        }

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
        {
            if (value is long number) writer.WriteValue(number);
            else writer.WriteNull();
        }
    }
}
