using System;
using System.Globalization;
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>
    /// A whole number the server sends as a JSON string (<c>"2"</c>): read as <see cref="int"/>
    /// (from a string or a number) and written back as a string, as the server sends it.
    /// </summary>
    internal sealed class Int32StringConverter : JsonConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(int) || objectType == typeof(int?);

        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) =>
            WireValue.ReadInt32(reader, "a number sent as a string", allowNull: objectType == typeof(int?));

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
        {
            if (value is int number) writer.WriteValue(number.ToString(CultureInfo.InvariantCulture));
            else writer.WriteNull();
        }
    }
}
