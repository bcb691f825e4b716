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
            return Deserialize<T>(new System.IO.StringReader(json));
        }

        /// <summary>Deserializes JSON in the server's wire format from a stream, as the client reads responses.</summary>
        /// <typeparam name="T">The model type.</typeparam>
        /// <param name="utf8Json">UTF-8 JSON; read to its end, not disposed.</param>
        /// <exception cref="JsonException">The text is not valid JSON for <typeparamref name="T"/>.</exception>
        public static T Deserialize<T>(System.IO.Stream utf8Json)
        {
            if (utf8Json is null) throw new ArgumentNullException(nameof(utf8Json));
            using var text = new System.IO.StreamReader(utf8Json, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1024, leaveOpen: true);
            return Deserialize<T>(text);
        }

        /// <summary>Deserializes UTF-8 JSON bytes in the server's wire format, as the client reads responses.</summary>
        /// <typeparam name="T">The model type.</typeparam>
        /// <param name="utf8Json">UTF-8 JSON.</param>
        /// <exception cref="JsonException">The text is not valid JSON for <typeparamref name="T"/>.</exception>
        public static T Deserialize<T>(byte[] utf8Json)
        {
            if (utf8Json is null) throw new ArgumentNullException(nameof(utf8Json));
            return Deserialize<T>(new Utf8SegmentReader(new[] { new ArraySegment<byte>(utf8Json) }));
        }

        /// <summary>The one place responses are parsed: pooled character buffers, one shared serializer.</summary>
        internal static T Deserialize<T>(System.IO.TextReader text)
        {
            using var reader = new JsonTextReader(text) { ArrayPool = CharArrayPool.Instance, CloseInput = false };
            T? value;
            try
            {
                value = Serializer.Deserialize<T>(reader);
            }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException is JsonException inner)
            {
                // The generated models' required-property check runs as an [OnDeserialized]
                // callback, which Newtonsoft.Json invokes by reflection.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
                throw;
            }

            return value ?? throw new JsonSerializationException($"The JSON is null; expected {typeof(T).Name}.");
        }

        internal static JsonSerializerSettings Settings { get; } = CreateSettings();

        // One serializer for every read: JsonSerializer is thread-safe once configured, and
        // creating one per call caches nothing.
        internal static JsonSerializer Serializer { get; } = JsonSerializer.Create(Settings);

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
