using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.Sandbox
{
    /// <summary>
    /// What the recordings need of the OpenAPI description (openapi/certcentral.yaml): its GET
    /// operations, each with its path template and parameters. The recorder, the player's tests and
    /// every client's harness take operations, paths and parameters from here, so an operation
    /// added to the description needs no code to be recorded and replayed.
    /// </summary>
    public sealed class ApiDescription
    {
        private ApiDescription(string basePath, IReadOnlyDictionary<string, ApiOperation> operations)
        {
            BasePath = basePath;
            Operations = operations;
        }

        /// <summary>The path of the first server's URL, such as /services/v2 (no trailing slash).</summary>
        public string BasePath { get; }

        /// <summary>The GET operations by operationId, in the order of the description.</summary>
        public IReadOnlyDictionary<string, ApiOperation> Operations { get; }

        /// <summary>Reads a description file (YAML or JSON).</summary>
        public static ApiDescription Load(string path) => FromJson((JObject)Tests.YamlJson.Load(path));

        /// <summary>Reads a description from its YAML (or JSON) text.</summary>
        public static ApiDescription Parse(string yaml) => FromJson((JObject)Tests.YamlJson.Load(new StringReader(yaml)));

        /// <summary>Reads a description already turned into JSON.</summary>
        public static ApiDescription FromJson(JObject spec)
        {
            var server = (string?)spec["servers"]?[0]?["url"] ?? "/";
            var basePath = (Uri.TryCreate(server, UriKind.Absolute, out var url) ? url.AbsolutePath : server).TrimEnd('/');
            var operations = new Dictionary<string, ApiOperation>(StringComparer.Ordinal);
            foreach (var path in (spec["paths"] as JObject)?.Properties() ?? Enumerable.Empty<JProperty>())
            {
                if (path.Value["get"] is not JObject get) continue;
                var id = (string?)get["operationId"] ?? throw new InvalidDataException($"GET {path.Name} has no operationId");
                // Path-level parameters first, then the operation's, which override them by name and place.
                var parameters = new List<ApiParameter>();
                foreach (var token in ((path.Value["parameters"] as JArray) ?? new JArray()).Concat((get["parameters"] as JArray) ?? new JArray()))
                {
                    var parameter = Resolve(spec, token)!;
                    var schema = Resolve(spec, parameter["schema"]);
                    var read = new ApiParameter(
                        (string)parameter["name"]!,
                        (string)parameter["in"]!,
                        (bool?)parameter["required"] ?? false,
                        (string?)schema?["type"] ?? "string",
                        schema?["default"] as JValue);
                    parameters.RemoveAll(p => p.Name == read.Name && p.In == read.In);
                    parameters.Add(read);
                }

                var success = Resolve(spec, get["responses"]?["200"]);
                var schemaRef = (string?)success?["content"]?["application/json"]?["schema"]?["$ref"];
                operations.Add(id, new ApiOperation(id, basePath, path.Name, parameters, schemaRef?.Substring(schemaRef.LastIndexOf('/') + 1)));
            }

            return new ApiDescription(basePath, operations);
        }

        /// <summary>The operation, or an error naming the ones there are (never another operation).</summary>
        public ApiOperation Operation(string operationId) =>
            Operations.TryGetValue(operationId, out var operation)
                ? operation
                : throw new FormatException($"unknown operation \"{operationId}\": the GET operations of the description are {string.Join(", ", Operations.Keys)}");

        private static JToken? Resolve(JObject spec, JToken? node)
        {
            for (var hops = 0; node?["$ref"] is JValue reference; hops++)
            {
                var target = (string)reference!;
                if (!target.StartsWith("#/", StringComparison.Ordinal) || hops > 20) throw new InvalidDataException($"cannot follow $ref {target}");
                node = spec.SelectToken("$." + string.Join(".", target.Substring(2).Split('/').Select(p => "['" + p.Replace("~1", "/").Replace("~0", "~") + "']")));
            }

            return node;
        }
    }

    /// <summary>One parameter as the description names it (order_id, filters[status]); Type is its schema's type.</summary>
    public sealed record ApiParameter(string Name, string In, bool Required, string Type, JValue? Default)
    {
        /// <summary>A value as it goes into a path or query (true, 12345, text), not yet escaped.</summary>
        public static string Text(JToken value) => value.Type switch
        {
            JTokenType.Boolean => (bool)value ? "true" : "false",
            JTokenType.Integer or JTokenType.Float => Convert.ToString(((JValue)value).Value, CultureInfo.InvariantCulture)!,
            _ => (string)value!,
        };

        /// <summary>Reads a value written as text (a scenario on the command line) as the parameter's type.</summary>
        public JValue Read(string text)
        {
            try
            {
                return Type switch
                {
                    "integer" => new JValue(long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
                    "number" => new JValue(decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)),
                    "boolean" => new JValue(text switch { "true" => true, "false" => false, _ => throw new FormatException() }),
                    "string" => new JValue(text),
                    _ => throw new FormatException($"parameter {Name} is of type {Type}: only strings, numbers and booleans can be recorded"),
                };
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new FormatException(e.Message.StartsWith("parameter ", StringComparison.Ordinal) ? e.Message : $"parameter {Name}: \"{text}\" is not a {Type}");
            }
        }

        /// <summary>Whether a value is the one the server assumes when the parameter is left out.</summary>
        public bool IsDefault(JToken value) => Default != null && JToken.DeepEquals(Default, value);
    }

    /// <summary>A GET operation: its id, the server's base path, its path template (as in the description) and parameters.</summary>
    public sealed record ApiOperation(string Id, string BasePath, string Path, IReadOnlyList<ApiParameter> Parameters, string? SuccessSchema)
    {
        /// <summary>The parameter of that name, or an error listing the operation's parameters.</summary>
        public ApiParameter Parameter(string name) =>
            Parameters.FirstOrDefault(p => p.Name == name)
            ?? throw new FormatException($"{Id} has no parameter \"{name}\"; its parameters are {(Parameters.Count == 0 ? "none" : string.Join(", ", Parameters.Select(p => p.Name)))}");
    }
}
