using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.Sandbox
{
    /// <summary>
    /// The repository's recording format: WireMock.org (Java WireMock) mappings in mappings/ and
    /// their bodies in __files/, one pair per operation and scenario, named
    /// &lt;operationId&gt;.&lt;scenario&gt;.json. Written by the recorder, read by the player and the tests.
    /// </summary>
    public static class RecordingFormat
    {
        /// <summary>The header that carries the API key: matched on presence only, never recorded.</summary>
        public const string KeyHeader = "X-DC-DEVKEY";

        /// <summary>The description the recordings belong to, in a checkout: openapi/certcentral.yaml above <paramref name="from"/>.</summary>
        public static string? FindDescription(string from)
        {
            for (var dir = new System.IO.DirectoryInfo(from); dir != null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "openapi", "certcentral.yaml");
                if (System.IO.File.Exists(candidate)) return candidate;
            }

            return null;
        }

        private static readonly Regex ScenarioSpec = new Regex(@"^(?<operation>[A-Za-z_][\w-]*)\.(?<name>\w+)(=(?<values>.*))?$");

        /// <summary>
        /// Reads <c>&lt;operationId&gt;.&lt;scenario&gt;[=&lt;name&gt;=&lt;value&gt;&amp;...]</c>, parameters named
        /// as in the description (<c>getOrderInfo.seed=order_id=12345</c>,
        /// <c>listOrders.page2=offset=5&amp;limit=2</c>); values are not escaped. The short form
        /// <c>&lt;operationId&gt;.&lt;scenario&gt;=&lt;value&gt;[,&lt;flag&gt;]</c> gives the operation's only
        /// path parameter, and ,flag sets the boolean query parameter flag or *_flag to true
        /// (<c>listDuplicateCertificates.showArchived=12345,archived</c>).
        /// </summary>
        public static Scenario ParseScenario(ApiDescription description, string spec)
        {
            var match = ScenarioSpec.Match(spec);
            if (!match.Success)
            {
                throw new FormatException($"bad scenario \"{spec}\": expected <operationId>.<scenario>[=<parameter>=<value>&...] with operationId one of {string.Join(", ", description.Operations.Keys)}");
            }

            var operation = description.Operation(match.Groups["operation"].Value);
            var values = new List<KeyValuePair<string, string>>();
            var text = match.Groups["values"].Value;
            if (text.Length > 0 && !text.Contains('=', StringComparison.Ordinal))
            {
                var parts = text.Split(',');
                var pathParameters = operation.Parameters.Where(p => p.In == "path").ToList();
                if (pathParameters.Count != 1) throw new FormatException($"bad scenario \"{spec}\": {operation.Id} has {pathParameters.Count} path parameters; name them (<parameter>=<value>&...)");
                values.Add(new KeyValuePair<string, string>(pathParameters[0].Name, parts[0]));
                foreach (var flag in parts.Skip(1))
                {
                    var parameter = operation.Parameters.FirstOrDefault(p => p.In == "query" && p.Type == "boolean" && (p.Name == flag || p.Name.EndsWith("_" + flag, StringComparison.Ordinal)))
                        ?? throw new FormatException($"bad scenario \"{spec}\": {operation.Id} has no boolean query parameter {flag} or *_{flag}");
                    values.Add(new KeyValuePair<string, string>(parameter.Name, "true"));
                }
            }
            else if (text.Length > 0)
            {
                foreach (var pair in text.Split('&'))
                {
                    var at = pair.IndexOf('=', StringComparison.Ordinal);
                    if (at <= 0) throw new FormatException($"bad scenario \"{spec}\": expected <parameter>=<value>, got \"{pair}\"");
                    values.Add(new KeyValuePair<string, string>(pair.Substring(0, at), pair.Substring(at + 1)));
                }
            }

            return new Scenario(operation, match.Groups["name"].Value, values.Select(v => (v.Key, (JToken)operation.Parameter(v.Key).Read(v.Value))));
        }

        /// <summary>The strict mapping that replays one recorded answer, with metadata saying which call replays it.</summary>
        public static JObject StrictMapping(Scenario scenario, int status, string? contentType, string bodyFileName)
        {
            var request = new JObject
            {
                ["method"] = "GET",
                ["urlPath"] = scenario.Path,
            };
            // A query parameter left out and one sent with its default read the same: only other
            // values need a matcher, in a recording placed ahead of those without (priority).
            var query = scenario.Query.ToList();
            if (query.Count > 0)
            {
                request["queryParameters"] = new JObject(query.Select(q => new JProperty(q.Name, new JObject { ["equalTo"] = q.Value })));
            }

            request["headers"] = new JObject
            {
                [KeyHeader] = new JObject { ["matches"] = ".+" },
                ["Accept"] = new JObject { ["matches"] = AcceptsJson },
                ["Content-Type"] = new JObject { ["absent"] = true },
            };

            var response = new JObject
            {
                ["status"] = status,
                ["bodyFileName"] = bodyFileName,
            };
            if (contentType != null) response["headers"] = new JObject { ["Content-Type"] = contentType };

            var metadata = new JObject
            {
                ["operationId"] = scenario.OperationId,
                ["scenario"] = scenario.Name,
                ["parameters"] = new JObject(scenario.Parameters.Select(p => new JProperty(p.Name, p.Value))),
            };

            var mapping = new JObject { ["name"] = scenario.FullName };
            if (query.Count > 0) mapping["priority"] = 1;
            mapping["request"] = request;
            mapping["response"] = response;
            mapping["metadata"] = metadata;
            return mapping;
        }

        /// <summary>
        /// An Accept header that takes JSON: application/json (with parameters), application/* or
        /// */*, alone or in a list, as generated clients send it (fetch: */*; axios:
        /// "application/json, text/plain, */*"). This client's exact Accept is checked by its
        /// contract tests, not by the recordings, so other teams can replay them as they are.
        /// </summary>
        public const string AcceptsJson = "(?i).*(application/json|application/\\*|\\*/\\*).*";

        /// <summary>A recorded body as committed: JSON pretty-printed (values kept as sent), anything else as is.</summary>
        public static (string Text, string Extension) FormatBody(string raw)
        {
            try
            {
                using var reader = new JsonTextReader(new System.IO.StringReader(raw)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal };
                var token = JToken.ReadFrom(reader);
                return (token.ToString(Formatting.Indented).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n", "json");
            }
            catch (JsonReaderException)
            {
                return (raw, Regex.IsMatch(raw, "<html", RegexOptions.IgnoreCase) ? "html" : "txt");
            }
        }

        /// <summary>A file as committed: 2-space JSON ending in a newline.</summary>
        public static string Serialize(JObject mapping) => mapping.ToString(Formatting.Indented).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";

        /// <summary>Why a text must not be written (it holds the key, or any literal key header value), or null.</summary>
        public static string? SecretIn(string text, string? apiKey)
        {
            if (!string.IsNullOrEmpty(apiKey) && text.Contains(apiKey, StringComparison.Ordinal)) return "it contains the API key";
            if (Regex.IsMatch(text, KeyHeader + "\"\\s*:\\s*\"", RegexOptions.IgnoreCase)) return "it contains an " + KeyHeader + " value";
            return null;
        }
    }

    /// <summary>
    /// One call to record or replay: an operation, a scenario name and the parameters it is called
    /// with, named as in the description and kept in its order.
    /// </summary>
    public sealed class Scenario
    {
        /// <summary>Creates a scenario; each parameter must be the operation's, and every required one given.</summary>
        public Scenario(ApiOperation operation, string name, IEnumerable<(string Name, JToken Value)> parameters)
        {
            Operation = operation;
            Name = name;
            var given = parameters.ToList();
            foreach (var (parameterName, _) in given) operation.Parameter(parameterName);
            foreach (var duplicate in given.GroupBy(p => p.Name).Where(g => g.Count() > 1)) throw new FormatException($"{FullName}: {duplicate.Key} is given twice");
            foreach (var missing in operation.Parameters.Where(p => p.Required && given.All(g => g.Name != p.Name))) throw new FormatException($"{FullName}: the required parameter {missing.Name} is missing");
            Parameters = operation.Parameters.SelectMany(p => given.Where(g => g.Name == p.Name)).ToList();
        }

        /// <summary>The operation called.</summary>
        public ApiOperation Operation { get; }

        /// <summary>The operationId.</summary>
        public string OperationId => Operation.Id;

        /// <summary>The scenario's own name (seed, notFound).</summary>
        public string Name { get; }

        /// <summary>The parameters given, in the order of the description.</summary>
        public IReadOnlyList<(string Name, JToken Value)> Parameters { get; }

        /// <summary>&lt;operationId&gt;.&lt;scenario&gt;, the name of its files.</summary>
        public string FullName => OperationId + "." + Name;

        /// <summary>The request path: the base path and the path template with the path parameters filled in.</summary>
        public string Path => Operation.BasePath + Parameters
            .Where(p => Operation.Parameter(p.Name).In == "path")
            .Aggregate(Operation.Path, (path, p) => path.Replace("{" + p.Name + "}", Uri.EscapeDataString(ApiParameter.Text(p.Value)), StringComparison.Ordinal));

        /// <summary>The query parameters a request must carry (not escaped): those given with a value other than their default.</summary>
        public IEnumerable<(string Name, string Value)> Query => Parameters
            .Where(p => Operation.Parameter(p.Name) is { In: "query" } parameter && !parameter.IsDefault(p.Value))
            .Select(p => (p.Name, ApiParameter.Text(p.Value)));

        /// <summary>The request path and query, escaped as this repository's client sends them.</summary>
        public string PathAndQuery => Path + string.Concat(Query.Select((q, i) => (i == 0 ? "?" : "&") + Uri.EscapeDataString(q.Name) + "=" + Uri.EscapeDataString(q.Value)));

        /// <summary>
        /// The call a mapping's metadata names: <c>{"operationId", "scenario", "parameters": {name: value}}</c>.
        /// The first form, still read: <c>"id"</c> for the operation's only path parameter and a
        /// flag such as <c>"showArchived": true</c> for the query parameter of that name in camelCase.
        /// </summary>
        public static Scenario FromMetadata(ApiDescription description, JObject mapping)
        {
            var metadata = mapping["metadata"] as JObject ?? throw new FormatException($"{mapping["name"]}: the mapping has no metadata naming its call");
            var operation = description.Operation((string?)metadata["operationId"] ?? throw new FormatException($"{mapping["name"]}: metadata.operationId is missing"));
            var parameters = new List<(string Name, JToken Value)>();
            foreach (var property in metadata.Properties())
            {
                switch (property.Name)
                {
                    case "operationId" or "scenario":
                        break;
                    case "parameters":
                        parameters.AddRange(((JObject)property.Value).Properties().Select(p => (p.Name, p.Value)));
                        break;
                    case "id":
                        var path = operation.Parameters.Where(p => p.In == "path").ToList();
                        if (path.Count != 1) throw new FormatException($"{mapping["name"]}: metadata.id needs an operation with one path parameter; {operation.Id} has {path.Count}: use metadata.parameters");
                        parameters.Add((path[0].Name, property.Value));
                        break;
                    default:
                        var query = operation.Parameters.FirstOrDefault(p => p.In == "query" && Flat(p.Name) == Flat(property.Name))
                            ?? throw new FormatException($"{mapping["name"]}: metadata.{property.Name} is no parameter of {operation.Id}");
                        parameters.Add((query.Name, property.Value));
                        break;
                }
            }

            return new Scenario(operation, (string?)metadata["scenario"] ?? throw new FormatException($"{mapping["name"]}: metadata.scenario is missing"), parameters);
        }

        /// <summary>A name without case or separators: show_archived, showArchived and filters[status] vs filtersStatus compare equal.</summary>
        public static string Flat(string name) => new string(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

        /// <inheritdoc/>
        public override string ToString() => FullName;
    }
}
