using System;
using System.Globalization;
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>
    /// Text read from a JSON string, or from a number or boolean as its JSON text (<c>7</c> is
    /// <c>"7"</c>, <c>true</c> is <c>"true"</c>): identifiers the docs type as strings sometimes
    /// arrive as numbers. An object or array is refused with its path. Applied by
    /// <see cref="CertCentralJson"/> to every string property.
    /// </summary>
    internal sealed class WireStringConverter : JsonConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(string);

        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) =>
            reader.TokenType == JsonToken.Boolean
                ? ((bool)reader.Value! ? "true" : "false")
                : WireValue.ReadString(reader, "text", allowNull: true);

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer) => writer.WriteValue((string?)value);
    }

    /// <summary>
    /// Whole numbers (<see cref="int"/>, <see cref="long"/>, nullable or not) read from a JSON
    /// number or a string of digits, and written as JSON numbers. Applied by
    /// <see cref="CertCentralJson"/> to every integer property, so every identifier and count
    /// reads the same way.
    /// </summary>
    internal sealed class WireIntegerConverter : JsonConverter
    {
        public override bool CanConvert(Type objectType) =>
            objectType == typeof(long) || objectType == typeof(int) || objectType == typeof(long?) || objectType == typeof(int?);

        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) =>
            ReadInteger(reader, objectType, "a whole number");

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
        {
            if (value is null) writer.WriteNull();
            else writer.WriteValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
        }

        internal static object? ReadInteger(JsonReader reader, Type objectType, string typeName)
        {
            var nullable = objectType == typeof(long?) || objectType == typeof(int?);
            if (objectType == typeof(int) || objectType == typeof(int?)) return WireValue.ReadInt32(reader, typeName, nullable);
            return WireValue.ReadInt64(reader, typeName, nullable);
        }
    }

    /// <summary>
    /// A whole number the server sends as a JSON string (<c>"2"</c>): read as <see cref="int"/> or
    /// <see cref="long"/> (from a string or a number) and written back as a string, as the server
    /// sends it (<c>x-digicert-wire: integer-string</c>).
    /// </summary>
    internal sealed class IntegerStringConverter : JsonConverter
    {
        public override bool CanConvert(Type objectType) =>
            objectType == typeof(long) || objectType == typeof(int) || objectType == typeof(long?) || objectType == typeof(int?);

        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) =>
            WireIntegerConverter.ReadInteger(reader, objectType, "a number sent as a string");

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
        {
            if (value is null) writer.WriteNull();
            else writer.WriteValue(Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Booleans read from <c>true</c>/<c>false</c>, <c>0</c>/<c>1</c> or <c>"0"</c>/<c>"1"</c>
    /// and written as JSON booleans. Applied by <see cref="CertCentralJson"/> to every
    /// <see cref="bool"/> property, so every flag reads the same way.
    /// </summary>
    internal sealed class WireBooleanConverter : JsonConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(bool) || objectType == typeof(bool?);

        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) =>
            WireValue.ReadFlag(reader, "a boolean", allowNull: objectType == typeof(bool?));

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
        {
            if (value is bool flag) writer.WriteValue(flag);
            else writer.WriteNull();
        }
    }

    /// <summary>
    /// Timestamps (<see cref="DateTimeOffset"/>): an offset, when sent, is kept; a timestamp
    /// without one is UTC, whatever the machine's zone. Written as ISO 8601 with the offset.
    /// Applied by <see cref="CertCentralJson"/> to every DateTimeOffset property.
    /// </summary>
    internal sealed class UtcTimestampConverter : JsonConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(DateTimeOffset) || objectType == typeof(DateTimeOffset?);

        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) =>
            WireValue.ReadTimestamp(reader, "a timestamp", allowNull: objectType == typeof(DateTimeOffset?));

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
        {
            if (value is DateTimeOffset timestamp) writer.WriteValue(timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
            else writer.WriteNull();
        }
    }

    /// <summary>
    /// Calendar dates (<c>format: date</c>, <c>x-digicert-wire: date</c>) as
    /// <see cref="DateTime"/> of kind Unspecified: read from <c>yyyy-MM-dd</c> or from a full
    /// timestamp (its own date, as written, never shifted by a zone), written as <c>yyyy-MM-dd</c>.
    /// The generated <c>DateFormatConverter</c> derives from it.
    /// </summary>
    internal class CalendarDateConverter : JsonConverter
    {
        /// <inheritdoc/>
        public override bool CanConvert(Type objectType) => objectType == typeof(DateTime) || objectType == typeof(DateTime?);

        /// <inheritdoc/>
        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) =>
            WireValue.ReadCalendarDate(reader, "a date", allowNull: objectType == typeof(DateTime?));

        /// <inheritdoc/>
        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
        {
            if (value is DateTime date) writer.WriteValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            else writer.WriteNull();
        }
    }
}
