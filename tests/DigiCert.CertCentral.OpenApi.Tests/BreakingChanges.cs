using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.OpenApi.Tests
{
    /// <summary>
    /// Finds the changes from a released description to the current one that break a client
    /// generated from the released one: a removed operation or parameter, a newly required
    /// parameter, a removed schema, a removed or retyped field, a newly required field, or a
    /// response whose schema changed.
    /// </summary>
    public static class BreakingChanges
    {
        public static IReadOnlyList<string> Find(JObject released, JObject current)
        {
            var problems = new List<string>();
            var currentOperations = Operations(current).ToDictionary(o => o.Id);
            foreach (var (id, path, method, operation) in Operations(released))
            {
                if (!currentOperations.TryGetValue(id, out var now))
                {
                    problems.Add($"operation {id} was removed");
                    continue;
                }

                if (now.Path != path || now.Method != method) problems.Add($"operation {id} moved from {method.ToUpperInvariant()} {path} to {now.Method.ToUpperInvariant()} {now.Path}");
                var before = Parameters(operation);
                var after = Parameters(now.Operation);
                foreach (var p in before.Keys.Where(k => !after.ContainsKey(k))) problems.Add($"operation {id}: parameter {p} was removed");
                foreach (var p in after.Where(a => (bool?)a.Value["required"] == true && !(before.TryGetValue(a.Key, out var b) && (bool?)b["required"] == true)))
                {
                    problems.Add($"operation {id}: parameter {p.Key} is newly required");
                }

                foreach (var p in before.Keys.Where(after.ContainsKey))
                {
                    var was = TypeOf(before[p]["schema"]);
                    var now2 = TypeOf(after[p]["schema"]);
                    if (was != now2) problems.Add($"operation {id}: parameter {p} changed type from {was} to {now2}");
                }

                foreach (var response in ((JObject)operation["responses"]!).Properties())
                {
                    var nowResponse = now.Operation["responses"]?[response.Name];
                    if (nowResponse is null) problems.Add($"operation {id}: response {response.Name} was removed");
                    else if (ResponseType(response.Value) != ResponseType(nowResponse))
                    {
                        problems.Add($"operation {id}: response {response.Name} changed from {ResponseType(response.Value)} to {ResponseType(nowResponse)}");
                    }
                }
            }

            var currentSchemas = (JObject?)current["components"]?["schemas"] ?? new JObject();
            foreach (var schema in ((JObject?)released["components"]?["schemas"] ?? new JObject()).Properties())
            {
                if (currentSchemas[schema.Name] is not JObject now)
                {
                    problems.Add($"schema {schema.Name} was removed");
                    continue;
                }

                CompareSchema(schema.Name, (JObject)schema.Value, now, problems);
            }

            return problems;
        }

        /// <summary>Whether a major version bump from released to current excuses breaking changes.</summary>
        public static bool IsMajorBump(string releasedVersion, string currentVersion) =>
            Major(currentVersion) > Major(releasedVersion);

        public static int Major(string version) => int.Parse(version.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);

        private static void CompareSchema(string where, JObject before, JObject after, List<string> problems)
        {
            var wasType = TypeOf(before);
            var nowType = TypeOf(after);
            if (wasType != nowType)
            {
                problems.Add($"{where} changed type from {wasType} to {nowType}");
                return;
            }

            var requiredBefore = new HashSet<string>(before["required"]?.Values<string>().OfType<string>() ?? Enumerable.Empty<string>());
            foreach (var required in after["required"]?.Values<string>().OfType<string>() ?? Enumerable.Empty<string>())
            {
                if (!requiredBefore.Contains(required)) problems.Add($"{where}.{required} is newly required");
            }

            var propertiesAfter = (JObject?)after["properties"] ?? new JObject();
            foreach (var property in ((JObject?)before["properties"] ?? new JObject()).Properties())
            {
                if (propertiesAfter[property.Name] is not JObject now) problems.Add($"{where}.{property.Name} was removed");
                else CompareSchema($"{where}.{property.Name}", (JObject)property.Value, now, problems);
            }

            if (before["items"] is JObject itemsBefore && after["items"] is JObject itemsAfter)
            {
                CompareSchema(where + "[]", itemsBefore, itemsAfter, problems);
            }
        }

        // A response's body type: the shared response it refers to, or its JSON schema's type.
        private static string ResponseType(JToken response) =>
            (string?)response["$ref"] ?? TypeOf(response["content"]?["application/json"]?["schema"]);

        // A schema's wire type: its $ref, or type, format and wire convention (x-digicert-wire), or
        // the alternatives of an anyOf.
        private static string TypeOf(JToken? schema) => schema switch
        {
            null => "(none)",
            JObject o when o["$ref"] != null => (string)o["$ref"]!,
            // A nullable reference (type, nullable and allOf of one $ref): the reference, marked nullable.
            JObject o when o["allOf"] is JArray { Count: 1 } only => TypeOf(only[0]) + ((bool?)o["nullable"] == true ? "?" : ""),
            JObject o when o["anyOf"] is JArray alternatives && o["type"] == null =>
                $"anyOf({string.Join("|", alternatives.Select(TypeOf))}){(o["x-digicert-wire"] != null ? "~" + (string?)o["x-digicert-wire"] : "")}",
            JObject o => $"{(string?)o["type"] ?? "any"}{(o["format"] != null ? "/" + (string?)o["format"] : "")}{(o["x-digicert-wire"] != null ? "~" + (string?)o["x-digicert-wire"] : "")}{(o["items"] != null ? "<" + TypeOf(o["items"]) + ">" : "")}",
            _ => schema.ToString(),
        };

        private static IEnumerable<(string Id, string Path, string Method, JObject Operation)> Operations(JObject document) =>
            from path in ((JObject)document["paths"]!).Properties()
            from method in ((JObject)path.Value).Properties()
            where method.Value is JObject operation && operation["operationId"] != null
            select ((string)method.Value["operationId"]!, path.Name, method.Name, (JObject)method.Value);

        private static Dictionary<string, JObject> Parameters(JObject operation) =>
            ((JArray?)operation["parameters"] ?? new JArray()).OfType<JObject>().ToDictionary(p => $"{p["in"]}:{p["name"]}");
    }
}
