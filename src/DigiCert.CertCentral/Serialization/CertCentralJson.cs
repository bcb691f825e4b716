using System;
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>
    /// The JSON settings the client reads responses with. Use them to store models and read them
    /// back exactly as the server sent them.
    /// </summary>
    public static class CertCentralJson
    {
        /// <summary>Creates serializer settings configured as the client's.</summary>
        public static JsonSerializerSettings CreateSettings()
        {
            var settings = new JsonSerializerSettings();
            Configure(settings);
            return settings;
        }

        /// <summary>Serializes a model to JSON in the server's wire format.</summary>
        /// <param name="value">The model.</param>
        public static string Serialize(object value) => JsonConvert.SerializeObject(value, Settings);

        /// <summary>Deserializes JSON in the server's wire format.</summary>
        /// <typeparam name="T">The model type.</typeparam>
        /// <param name="json">The JSON text.</param>
        /// <exception cref="JsonException">The text is not valid JSON for <typeparamref name="T"/>.</exception>
        public static T Deserialize<T>(string json)
        {
            if (json is null) throw new ArgumentNullException(nameof(json));
            var value = JsonConvert.DeserializeObject<T>(json, Settings);
            return value ?? throw new JsonSerializationException($"The JSON is null; expected {typeof(T).Name}.");
        }

        internal static JsonSerializerSettings Settings { get; } = CreateSettings();

        /// <summary>The one place the client's serializer settings are decided.</summary>
        internal static void Configure(JsonSerializerSettings settings)
        {
            // Strings that look like dates stay strings until a typed property asks for a date:
            // unknown fields then round-trip unchanged, and DateTimeOffset keeps its offset.
            settings.DateParseHandling = DateParseHandling.None;
            settings.MissingMemberHandling = MissingMemberHandling.Ignore;
            settings.MetadataPropertyHandling = MetadataPropertyHandling.Ignore;
            settings.TypeNameHandling = TypeNameHandling.None;
            settings.MaxDepth = 64;
        }
    }
}
