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
            try
            {
                return Deserialize<T>(new System.IO.StringReader(json));
            }
            catch (UnreadableBodyException e)
            {
                throw e.WithBody(json);
            }
        }

        /// <summary>Deserializes JSON in the server's wire format from a stream, as the client reads responses.</summary>
        /// <typeparam name="T">The model type.</typeparam>
        /// <param name="utf8Json">UTF-8 JSON; read to its end, not disposed.</param>
        /// <exception cref="JsonException">The text is not valid JSON for <typeparamref name="T"/>.</exception>
        public static T Deserialize<T>(System.IO.Stream utf8Json)
        {
            if (utf8Json is null) throw new ArgumentNullException(nameof(utf8Json));
            using var text = new System.IO.StreamReader(utf8Json, SegmentTextReader.StrictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 1024, leaveOpen: true);
            return Deserialize<T>(text);
        }

        /// <summary>Deserializes UTF-8 JSON bytes in the server's wire format, as the client reads responses.</summary>
        /// <typeparam name="T">The model type.</typeparam>
        /// <param name="utf8Json">UTF-8 JSON.</param>
        /// <exception cref="JsonException">The text is not valid JSON for <typeparamref name="T"/>.</exception>
        public static T Deserialize<T>(byte[] utf8Json)
        {
            if (utf8Json is null) throw new ArgumentNullException(nameof(utf8Json));
            return Deserialize<T>(new SegmentTextReader(new[] { new ArraySegment<byte>(utf8Json) }, SegmentTextReader.StrictUtf8));
        }

        /// <summary>
        /// The one place responses are parsed: pooled character buffers, one shared serializer.
        /// Every failure (bad JSON, a value of the wrong type or form, a missing required value,
        /// bytes invalid in the encoding) becomes <see cref="UnreadableBodyException"/> with the
        /// JSON path and the reason.
        /// </summary>
        internal static T Deserialize<T>(System.IO.TextReader text)
        {
            using var reader = new JsonTextReader(text) { ArrayPool = CharArrayPool.Instance, CloseInput = false };
            T? value;
            try
            {
                value = Serializer.Deserialize<T>(reader);
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
            {
                // The generated models' required-property check runs as an [OnDeserialized]
                // callback, which Newtonsoft.Json invokes by reflection.
                var cause = e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : e;
                var reason = cause switch
                {
                    JsonException json => json.Message,
                    System.Text.DecoderFallbackException => "The body is not valid text in its encoding (" + cause.Message.TrimEnd('.') + ").",
                    _ => "Unexpected value: " + cause.Message,
                };
                throw UnreadableBodyException.At(reason, reader.Path, reader.LineNumber, reader.LinePosition, cause);
            }

            return value ?? throw UnreadableBodyException.At($"The body is empty or JSON null; expected {typeof(T).Name}.", reader.Path, reader.LineNumber, reader.LinePosition, null);
        }

        // One resolver for every settings object: it caches each model's contract.
        private static readonly WireContractResolver Resolver = new WireContractResolver();

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
            // A body is one JSON value: anything after it (a second document, an HTML tail) is an error.
            settings.CheckAdditionalContent = true;
            settings.MissingMemberHandling = MissingMemberHandling.Ignore;
            settings.MetadataPropertyHandling = MetadataPropertyHandling.Ignore;
            settings.TypeNameHandling = TypeNameHandling.None;
            settings.MaxDepth = 64;
            settings.ContractResolver = Resolver;

            // One reading per C# type, whatever the field: text from strings or numbers, integers from numbers or digit
            // strings, flags from "0"/"1", 0/1 or booleans, timestamps without an offset as UTC.
            // A property's own [JsonConverter] (a flag or number sent as a string, a calendar
            // date) takes precedence.
            settings.Converters.Add(new WireStringConverter());
            settings.Converters.Add(new WireIntegerConverter());
            settings.Converters.Add(new WireBooleanConverter());
            settings.Converters.Add(new UtcTimestampConverter());
        }
    }
}
