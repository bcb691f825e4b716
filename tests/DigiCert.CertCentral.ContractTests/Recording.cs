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

        /// <summary>The description the recordings are read with: operations, paths and parameters come from it.</summary>
        public static Sandbox.ApiDescription Description { get; } = Sandbox.ApiDescription.Load(Tests.Repo.Spec);

        public string OperationId => Scenario.OperationId;

        public int? Status => (int?)Mapping["response"]!["status"];

        public string? Fault => (string?)Mapping["response"]!["fault"];

        public int? DelayMilliseconds => (int?)Mapping["response"]!["fixedDelayMilliseconds"];

        public string? BodyFileName => (string?)Mapping["response"]!["bodyFileName"];

        public string Body => File.ReadAllText(Path.Combine(Tests.Repo.Recordings, "__files", BodyFileName ?? throw new InvalidOperationException(Name + " has no body file")));

        /// <summary>A plain recorded answer (no fault, no delay).</summary>
        public bool IsPlayback => Fault is null && DelayMilliseconds is null;

        public bool IsSuccess => Status is >= 200 and < 300;

        /// <summary>The call this recording answers (its metadata), as the recorder names it.</summary>
        public Sandbox.Scenario Scenario => Sandbox.Scenario.FromMetadata(Description, Mapping);

        /// <summary>The path and query the client must send (from the operation, not from the mapping).</summary>
        public string ExpectedPathAndQuery => Scenario.PathAndQuery;

        /// <summary>The model the client's method for the operation returns.</summary>
        public Type ModelType => Tests.OperationMethod.ResultType(typeof(CertCentralClient), OperationId);

        /// <summary>The recorded call, made with the client's method for the operation (&lt;OperationId&gt;Async).</summary>
        public async Task<object> CallAsync(CertCentralClient client, CancellationToken cancellationToken = default) =>
            (await Tests.OperationMethod.InvokeAsync(client, OperationId, Scenario.Parameters, cancellationToken))!;

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
