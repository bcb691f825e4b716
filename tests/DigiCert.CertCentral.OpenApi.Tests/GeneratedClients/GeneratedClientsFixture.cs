using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.OpenApi.Tests.GeneratedClients
{
    /// <summary>
    /// Once per test run: starts the installed sandbox tool on a free loopback port, then, at the same
    /// time, runs the .NET clients in process (generated at build time: tests/OtherClients) and the
    /// TypeScript clients (generated, type-checked and bundled by tests/other-clients/run.mjs), each
    /// making every recorded call. Holds every client's outcomes, or the tool output that says why a
    /// client could not be generated or compiled.
    /// </summary>
    public sealed class GeneratedClientsFixture : IAsyncLifetime
    {
        public static readonly string[] TypeScriptClients =
        {
            "hey-api fetch SDK (TypeScript)",
            "openapi-fetch + openapi-typescript (TypeScript)",
            "Kiota TypeScript",
        };

        public static readonly string[] DotNetClientsCompared =
        {
            DotNetClients.NSwagAsGenerated,
            DotNetClients.NSwagWithFix,
            DotNetClients.Kiota,
        };

        public IReadOnlyList<RecordedCall> Calls { get; } = RecordedCall.All();

        /// <summary>Per client, per recording.</summary>
        public Dictionary<string, Dictionary<string, JObject>> Outcomes { get; } = new Dictionary<string, Dictionary<string, JObject>>();

        /// <summary>Per client that could not be generated, compiled or run: the tools' output.</summary>
        public Dictionary<string, string> Failures { get; } = new Dictionary<string, string>();

        public TimeSpan Elapsed { get; private set; }

        public async Task InitializeAsync()
        {
            var clock = Stopwatch.StartNew();
            var prerequisites = Task.WhenAll(NpmTools.EnsureInstalledAsync(), RestoreDotnetToolsAsync());
            var tool = await SandboxTool.InstalledAsync();
            await prerequisites;
            using var sandbox = await tool.ServeAsync();
            var typeScript = RunTypeScriptClientsAsync(sandbox.BaseUri);
            foreach (var (client, outcomes) in await DotNetClients.RunAsync(sandbox.BaseUri, Calls)) Outcomes[client] = outcomes;
            await typeScript;
            Elapsed = clock.Elapsed;
        }

        public Task DisposeAsync() => Task.CompletedTask;

        // Kiota TypeScript runs from the tool manifest (.config/dotnet-tools.json), as Kiota C#'s build does.
        private static async Task RestoreDotnetToolsAsync()
        {
            var (exitCode, output) = await ChildProcess.RunAsync("dotnet", new[] { "tool", "restore" }, Repo.Root, TimeSpan.FromMinutes(3));
            if (exitCode != 0) throw new InvalidOperationException("dotnet tool restore failed:\n" + output);
        }

        private async Task RunTypeScriptClientsAsync(Uri baseUri)
        {
            var work = Directory.CreateTempSubdirectory("certcentral-ts-clients-").FullName;
            try
            {
                var calls = Path.Combine(work, "calls.json");
                File.WriteAllText(calls, new JArray(Calls.Select(c => c.ToJson())).ToString());
                var (exitCode, output) = await ChildProcess.RunAsync(
                    "node",
                    new[] { Path.Combine(Repo.Root, "tests", "other-clients", "run.mjs"), Repo.Spec, Path.Combine(work, "run"), baseUri.ToString().TrimEnd('/'), calls },
                    Repo.Root,
                    TimeSpan.FromMinutes(5),
                    new Dictionary<string, string?> { ["NO_COLOR"] = "1" });
                var report = Path.Combine(work, "run", "outcomes.json");
                if (!File.Exists(report))
                {
                    foreach (var client in TypeScriptClients) Failures[client] = $"tests/other-clients/run.mjs exited {exitCode} without a report:\n{output}";
                    return;
                }

                foreach (var (client, result) in (JObject)JsonAssert.Parse(File.ReadAllText(report)))
                {
                    if ((bool)result!["generated"]!) Outcomes[client] = ((JObject)result["outcomes"]!).Properties().ToDictionary(p => p.Name, p => (JObject)p.Value);
                    else Failures[client] = (string)result["error"]!;
                }
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }
}
