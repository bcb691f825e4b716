using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.ContractTests
{
    /// <summary>
    /// One recorded exchange: tests/recordings/mappings/&lt;operationId&gt;.&lt;scenario&gt;.json, whose
    /// metadata says which client call replays it.
    /// </summary>
    public sealed class Recording
    {
        private Recording(string name, JObject mapping)
        {
            Name = name;
            Mapping = mapping;
        }

        public string Name { get; }

        public JObject Mapping { get; }

        public string OperationId => (string)Mapping["metadata"]!["operationId"]!;

        public int Id => (int)Mapping["metadata"]!["id"]!;

        public bool ShowArchived => (bool?)Mapping["metadata"]!["showArchived"] ?? false;

        public int? Status => (int?)Mapping["response"]!["status"];

        public string? Fault => (string?)Mapping["response"]!["fault"];

        public int? DelayMilliseconds => (int?)Mapping["response"]!["fixedDelayMilliseconds"];

        public string? BodyFileName => (string?)Mapping["response"]!["bodyFileName"];

        public string Body => File.ReadAllText(Path.Combine(Tests.Repo.Recordings, "__files", BodyFileName ?? throw new InvalidOperationException(Name + " has no body file")));

        /// <summary>A plain recorded answer (no fault, no delay).</summary>
        public bool IsPlayback => Fault is null && DelayMilliseconds is null;

        public bool IsSuccess => Status is >= 200 and < 300;

        /// <summary>The call this recording answers, as the recorder names it.</summary>
        public Sandbox.Scenario Scenario => new Sandbox.Scenario(OperationId, (string)Mapping["metadata"]!["scenario"]!, Id, ShowArchived);

        /// <summary>The path and query the client must send (from the operation, not from the mapping).</summary>
        public string ExpectedPathAndQuery => Scenario.PathAndQuery;

        public Type ModelType => OperationId switch
        {
            "listDuplicateCertificates" => typeof(DuplicateCertificateList),
            "getKeyInfo" => typeof(KeyInfo),
            "getOrganizationValidations" => typeof(OrganizationValidationList),
            _ => throw new InvalidOperationException($"{Name}: unknown operationId {OperationId}"),
        };

        public async Task<object> CallAsync(CertCentralClient client, CancellationToken cancellationToken = default) => OperationId switch
        {
            "listDuplicateCertificates" => await client.ListDuplicateCertificatesAsync(Id, ShowArchived, cancellationToken),
            "getKeyInfo" => await client.GetKeyInfoAsync(Id, cancellationToken),
            "getOrganizationValidations" => await client.GetOrganizationValidationsAsync(Id, cancellationToken),
            _ => throw new InvalidOperationException($"{Name}: unknown operationId {OperationId}"),
        };

        public override string ToString() => Name;

        public static IReadOnlyList<Recording> All { get; } = Directory
            .GetFiles(Path.Combine(Tests.Repo.Recordings, "mappings"), "*.json")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new Recording(Path.GetFileNameWithoutExtension(f), JObject.Parse(File.ReadAllText(f))))
            .ToList();

        public static Recording Named(string name) => All.Single(r => r.Name == name);

        public static TheoryData<string> Names(Func<Recording, bool> where)
        {
            var data = new TheoryData<string>();
            foreach (var recording in All.Where(where)) data.Add(recording.Name);
            return data;
        }
    }
}
