using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NSwag;

namespace DigiCert.CertCentral.ContractTests
{
    /// <summary>
    /// Compares a body with the schema the description gives it, field by field: fields the schema
    /// does not describe (the server added something) and required fields the body lacks.
    /// Schema validation alone misses the first, since the schemas allow additional properties.
    /// </summary>
    public static class SchemaDrift
    {
        public static IReadOnlyList<string> Find(OpenApiDocument document, JsonSchema schema, JToken body)
        {
            var names = document.Components.Schemas.ToDictionary(s => s.Value.ActualSchema, s => s.Key);
            var problems = new List<string>();
            Walk(schema.ActualSchema, body, "$", names, problems);
            return problems;
        }

        private static void Walk(JsonSchema schema, JToken token, string path, IDictionary<JsonSchema, string> names, List<string> problems)
        {
            schema = schema.ActualSchema;
            var schemaName = names.TryGetValue(schema, out var name) ? name : "(inline schema at " + path + ")";
            switch (token)
            {
                case JObject obj when schema.ActualProperties.Count > 0:
                    foreach (var property in obj.Properties())
                    {
                        if (schema.ActualProperties.TryGetValue(property.Name, out var propertySchema))
                        {
                            Walk(propertySchema, property.Value, path + "." + property.Name, names, problems);
                        }
                        else
                        {
                            problems.Add($"field '{property.Name}' at {path} is not described by schema {schemaName}");
                        }
                    }

                    foreach (var required in schema.RequiredProperties.Where(r => obj.Property(r) is null))
                    {
                        problems.Add($"required field '{required}' of schema {schemaName} is missing at {path}");
                    }

                    break;
                case JArray array when schema.Item != null:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(schema.Item, array[i], $"{path}[{i}]", names, problems);
                    }

                    break;
            }
        }
    }
}
