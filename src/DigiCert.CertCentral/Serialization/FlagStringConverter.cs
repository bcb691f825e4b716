using System;
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>
    /// A yes/no flag the server sends as the string <c>"0"</c> or <c>"1"</c>
    /// (<c>x-digicert-wire: flag</c>): read as <see cref="bool"/> like every boolean (from
    /// <c>"0"</c>/<c>"1"</c>, <c>0</c>/<c>1</c> or <c>true</c>/<c>false</c>) and written back as
    /// <c>"0"</c> or <c>"1"</c>.
    /// </summary>
    internal sealed class FlagStringConverter : JsonConverter
    {
        public override bool CanConvert(Type objectType) => objectType == typeof(bool) || objectType == typeof(bool?);

        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer) =>
            WireValue.ReadFlag(reader, "a flag sent as a string", allowNull: objectType == typeof(bool?));

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
        {
            if (value is bool flag) writer.WriteValue(flag ? "1" : "0");
            else writer.WriteNull();
        }
    }
}
