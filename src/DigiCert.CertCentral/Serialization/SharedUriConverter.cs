using System;
using System.Collections.Concurrent;
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>
    /// Reads <c>format: uri</c> values, sharing one <see cref="Uri"/> per distinct text: the same
    /// few URLs (a server platform's install and CSR pages) repeat on every certificate, and a Uri
    /// is immutable. The cache is bounded; past its size, values are parsed as usual.
    /// </summary>
    internal sealed class SharedUriConverter : JsonConverter
    {
        private const int MaxCached = 1024;
        private static readonly ConcurrentDictionary<string, Uri> Cache = new ConcurrentDictionary<string, Uri>(StringComparer.Ordinal);

        public override bool CanConvert(Type objectType) => objectType == typeof(Uri);

        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer)
        {
            if (reader.TokenType == JsonToken.Null) return null;
            if (reader.TokenType != JsonToken.String)
            {
                throw new JsonSerializationException($"Cannot read a URL at '{reader.Path}': expected a string, got {reader.TokenType}.");
            }

            var text = (string)reader.Value!;
            if (Cache.TryGetValue(text, out var cached)) return cached;
            if (!Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out var uri))
            {
                throw new JsonSerializationException($"Cannot read a URL at '{reader.Path}': '{text}' is not a URI.");
            }

            if (Cache.Count < MaxCached) Cache.TryAdd(text, uri);
            return uri;
        }

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
        {
            if (value is Uri uri) writer.WriteValue(uri.OriginalString);
            else writer.WriteNull();
        }
    }
}
