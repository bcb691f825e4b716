using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DigiCert.CertCentral.Tests;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.OpenApi.Tests.GeneratedClients
{
    /// <summary>
    /// The call that replays one recording (tests/recordings/mappings/*.json): its metadata names the
    /// operation and the parameters, read with the description (Sandbox.Scenario).
    /// </summary>
    public sealed record RecordedCall(string Recording, Sandbox.Scenario Scenario)
    {
        public string OperationId => Scenario.OperationId;

        public static IReadOnlyList<RecordedCall> All(string recordings, Sandbox.ApiDescription description) => Directory
            .GetFiles(Path.Combine(recordings, "mappings"), "*.json")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new RecordedCall(Path.GetFileNameWithoutExtension(f), Sandbox.Scenario.FromMetadata(description, JObject.Parse(File.ReadAllText(f)))))
            .ToList();

        public static IReadOnlyList<RecordedCall> All() => All(Repo.Recordings, Sandbox.ApiDescription.Load(Repo.Spec));

        /// <summary>
        /// The call as the TypeScript harnesses take it (tests/other-clients/outcome.ts): the
        /// operation, its path template, the path and query parameters by their names in the
        /// description, and the schema of its success answer.
        /// </summary>
        public JObject ToJson() => new JObject
        {
            ["recording"] = Recording,
            ["operationId"] = OperationId,
            ["path"] = Scenario.Operation.Path,
            ["pathParams"] = Parameters("path"),
            ["query"] = Parameters("query"),
            ["schema"] = Scenario.Operation.SuccessSchema,
        };

        private JObject Parameters(string location) => new JObject(Scenario.Parameters
            .Where(p => Scenario.Operation.Parameter(p.Name).In == location)
            .Select(p => new JProperty(p.Name, p.Value)));
    }

    /// <summary>
    /// What a client made of one call, normalised to JSON the same way for every client:
    /// <c>{"read": model}</c> when it returned a model (each client's own serializer writes it);
    /// <c>{"status": N, "errors": [...]}</c> when it failed with an HTTP status (errors when it read
    /// DigiCert's JSON errors); <c>{"status": 0}</c> when no complete response arrived. "detail" is
    /// the failure's text, for people: never compared.
    /// </summary>
    public static class Outcome
    {
        public static JObject Read(JToken model) => new JObject { ["read"] = model };

        public static JObject Failed(int status, IEnumerable<JToken>? errors, string detail)
        {
            var outcome = new JObject { ["status"] = status };
            var list = errors?.ToList();
            if (list is { Count: > 0 }) outcome["errors"] = new JArray(list);
            outcome["detail"] = detail.Length > 300 ? detail.Substring(0, 300) + "..." : detail;
            return outcome;
        }

        public static JObject NoResponse(Exception e) => Failed(0, null, e.GetType().Name + ": " + e.Message);

        /// <summary>"a model", "HTTP 404" or "no response": what kind of answer the client gave.</summary>
        public static string Kind(JObject outcome) =>
            outcome.ContainsKey("read") ? "a model" : (int)outcome["status"]! == 0 ? "no response" : $"HTTP {(int)outcome["status"]!}";
    }
}
