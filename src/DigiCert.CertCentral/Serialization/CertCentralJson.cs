using System;
using System.IO;
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>
    /// Reads and writes the models in the server's exact wire form, as the client does: store a
    /// model and read it back unchanged, unknown fields included. The models carry their own
    /// converters (generated from the description), so <c>JsonConvert</c> with any settings
    /// writes the wire form too.
    /// </summary>
    public static class CertCentralJson
    {
        /// <summary>Creates serializer settings configured as the client's.</summary>
        public static JsonSerializerSettings CreateSettings() => new JsonSerializerSettings
        {
            // Strings that look like dates stay strings until a model asks for a date.
            DateParseHandling = DateParseHandling.None,
            // Numbers sent to text fields keep their digits (1.50 stays "1.50").
            FloatParseHandling = FloatParseHandling.Decimal,
            MetadataPropertyHandling = MetadataPropertyHandling.Ignore,
            TypeNameHandling = TypeNameHandling.None,
            MaxDepth = 64,
        };

        /// <summary>Serializes a model to JSON in the server's wire format.</summary>
        /// <param name="value">The model.</param>
        /// <returns>The JSON text.</returns>
        public static string Serialize(object value) => JsonConvert.SerializeObject(value, Settings);

        /// <summary>Deserializes JSON in the server's wire format.</summary>
        /// <typeparam name="T">The model type.</typeparam>
        /// <param name="json">The JSON text.</param>
        /// <returns>The model.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
        /// <exception cref="JsonException">The text is not one JSON value of <typeparamref name="T"/>; the message says why and where.</exception>
        public static T Deserialize<T>(string json)
        {
            if (json is null) throw new ArgumentNullException(nameof(json));
            var bytes = new System.Text.UTF8Encoding(false).GetBytes(json);
            return ResponseBody.Read<T>(bytes, bytes.Length, "utf-8");
        }

        /// <summary>Deserializes UTF-8 JSON from a stream, read to its end and not disposed.</summary>
        /// <typeparam name="T">The model type.</typeparam>
        /// <param name="utf8Json">UTF-8 JSON, with or without a byte order mark.</param>
        /// <returns>The model.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="utf8Json"/> is null.</exception>
        /// <exception cref="JsonException">The text is not one JSON value of <typeparamref name="T"/>, or not valid UTF-8.</exception>
        public static T Deserialize<T>(Stream utf8Json)
        {
            if (utf8Json is null) throw new ArgumentNullException(nameof(utf8Json));
            using var copy = new MemoryStream();
            utf8Json.CopyTo(copy);
            return ResponseBody.Read<T>(copy.GetBuffer(), (int)copy.Length, "utf-8");
        }

        /// <summary>Deserializes UTF-8 JSON bytes.</summary>
        /// <typeparam name="T">The model type.</typeparam>
        /// <param name="utf8Json">UTF-8 JSON, with or without a byte order mark.</param>
        /// <returns>The model.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="utf8Json"/> is null.</exception>
        /// <exception cref="JsonException">The text is not one JSON value of <typeparamref name="T"/>, or not valid UTF-8.</exception>
        public static T Deserialize<T>(byte[] utf8Json)
        {
            if (utf8Json is null) throw new ArgumentNullException(nameof(utf8Json));
            return ResponseBody.Read<T>(utf8Json, utf8Json.Length, "utf-8");
        }

        internal static JsonSerializerSettings Settings { get; } = CreateSettings();

        // Thread-safe once configured; one instance caches the contracts of every type it meets.
        internal static JsonSerializer Serializer { get; } = JsonSerializer.Create(Settings);

        /// <summary>A reader with the client's settings, pooled character buffers and shared property names.</summary>
        internal static JsonTextReader CreateReader(TextReader text) => new JsonTextReader(text)
        {
            ArrayPool = PooledChars.Instance,
            PropertyNameTable = PropertyNames.Instance,
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
            MaxDepth = 64,
        };

        private sealed class PooledChars : IArrayPool<char>
        {
            public static readonly PooledChars Instance = new PooledChars();

            public char[] Rent(int minimumLength) => System.Buffers.ArrayPool<char>.Shared.Rent(minimumLength);

            public void Return(char[]? array)
            {
                if (array != null) System.Buffers.ArrayPool<char>.Shared.Return(array);
            }
        }
    }
}
