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
    /// operation, the ID and show_archived.
    /// </summary>
    public sealed record RecordedCall(string Recording, string OperationId, long Id, bool ShowArchived)
    {
        public static IReadOnlyList<RecordedCall> All(string recordings) => Directory
            .GetFiles(Path.Combine(recordings, "mappings"), "*.json")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f =>
            {
                var metadata = JObject.Parse(File.ReadAllText(f))["metadata"]!;
                return new RecordedCall(Path.GetFileNameWithoutExtension(f), (string)metadata["operationId"]!, (long)metadata["id"]!, (bool?)metadata["showArchived"] ?? false);
            })
            .ToList();

        public static IReadOnlyList<RecordedCall> All() => All(Repo.Recordings);

        public JObject ToJson() => new JObject { ["recording"] = Recording, ["operationId"] = OperationId, ["id"] = Id, ["showArchived"] = ShowArchived };
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
