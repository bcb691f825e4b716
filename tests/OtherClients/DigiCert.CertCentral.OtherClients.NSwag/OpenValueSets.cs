using System;
using System.Collections.Generic;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

// The fix openapi/README.md advises a .NET team that generates with NSwag's default settings.
// NJsonSchema makes each anyOf schema (the open value sets and organization_id) an empty class,
// which no JSON string or number converts to, so as generated the client reads no success body.
// These partial declarations give each class the value it stands for, and one converter, added
// through the generated client's UpdateJsonSerializerSettings hook, reads and writes it: no
// generator setting or template changes, and the generated file stays as NSwag wrote it.
namespace DigiCert.CertCentral.OtherClients.NSwag
{
    /// <summary>A certificate status: one of the known values or one this client does not know.</summary>
    public partial class CertificateStatus
    {
        public string Value { get; set; } = "";
    }

    /// <summary>A key status (open set).</summary>
    public partial class KeyStatus
    {
        public string Value { get; set; } = "";
    }

    /// <summary>A validation status (open set).</summary>
    public partial class ValidationStatus
    {
        public string Value { get; set; } = "";
    }

    /// <summary>A validation type (open set).</summary>
    public partial class ValidationType
    {
        public string Value { get; set; } = "";
    }

    /// <summary>A role ID (open set; 0 is unrestricted).</summary>
    public partial class ApiKeyRole
    {
        public int Value { get; set; }
    }

    /// <summary>An organization ID, sent as a number or as a string of digits.</summary>
    public partial class Organization_id
    {
        public long Value { get; set; }
    }

    public partial class Client
    {
        static partial void UpdateJsonSerializerSettings(JsonSerializerSettings settings) => settings.Converters.Add(new OpenValueConverter());
    }

    /// <summary>
    /// Reads each of the classes above from the JSON value itself, and writes that value back. An
    /// open set added to the description later (any other class NJsonSchema made of an anyOf: no
    /// property but AdditionalProperties) is read too, its value kept in AdditionalProperties[""],
    /// until a partial class above gives it a typed Value.
    /// </summary>
    public sealed class OpenValueConverter : JsonConverter
    {
        private static readonly HashSet<Type> Types = new HashSet<Type>
        {
            typeof(CertificateStatus), typeof(KeyStatus), typeof(ValidationStatus), typeof(ValidationType), typeof(ApiKeyRole), typeof(Organization_id),
        };

        public override bool CanConvert(Type objectType) => Types.Contains(objectType) || IsEmptyAnyOf(objectType);

        public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer)
        {
            var token = JToken.ReadFrom(reader);
            if (token.Type == JTokenType.Null) return null;
            var result = Activator.CreateInstance(objectType)!;
            if (objectType.GetProperty("Value") is { } value) value.SetValue(result, token.ToObject(value.PropertyType, serializer));
            else Kept(result)[""] = token;
            return result;
        }

        public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer) =>
            serializer.Serialize(writer, value?.GetType().GetProperty("Value") is { } typed ? typed.GetValue(value) : value is null ? null : Kept(value)[""]);

        private static bool IsEmptyAnyOf(Type type) =>
            type.Namespace == typeof(OpenValueConverter).Namespace && type.GetProperties().Length == 1 && type.GetProperty("AdditionalProperties") != null;

        private static IDictionary<string, object> Kept(object value) => (IDictionary<string, object>)value.GetType().GetProperty("AdditionalProperties")!.GetValue(value)!;
    }
}
