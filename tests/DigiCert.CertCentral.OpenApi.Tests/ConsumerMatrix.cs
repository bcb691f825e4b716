using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.OpenApi.Tests
{
    /// <summary>
    /// Runs tests/consumer-matrix/run.mjs: independent npm generators and validators (pinned in
    /// tools/package.json), and the Go and Python validators from Debian's packages (installed here
    /// when missing), generate from a description and read every body of the corpus.
    /// </summary>
    internal static class ConsumerMatrix
    {
        public sealed record ToolResult(string Tool, string Reads, bool Generated, string? Error, int Checked, IReadOnlyDictionary<string, string> Rejected);

        public sealed record Report(int ExitCode, string Output, IReadOnlyList<string> Corpus, IReadOnlyList<ToolResult> Tools);

        public static async Task<Report> RunAsync(string spec)
        {
            var work = Path.Combine(Directory.CreateTempSubdirectory("certcentral-matrix-").FullName, "work");
            try
            {
                var script = Path.Combine(Repo.Root, "tests", "consumer-matrix", "run.mjs");
                await Task.WhenAll(NpmTools.EnsureInstalledAsync(), DebianPackages.EnsureInstalledAsync(DebianPackages.ConsumerMatrix));
                Assert.True(File.Exists(Path.Combine(Repo.Root, "tools", "node_modules", "orval", "package.json")),
                    "tools/node_modules is missing after 'node tools/ensure-tools.js'.");
                var (exitCode, output) = await ChildProcess.RunAsync("node", new[] { script, spec, work }, Repo.Root, TimeSpan.FromMinutes(5),
                    new Dictionary<string, string?> { ["NO_COLOR"] = "1" });
                var reportFile = Path.Combine(work, "report.json");
                Assert.True(File.Exists(reportFile), "the consumer matrix wrote no report:\n" + output);
                var json = JObject.Parse(File.ReadAllText(reportFile));
                var tools = json["tools"]!.Select(t => new ToolResult(
                    (string)t["tool"]!,
                    (string)t["reads"]!,
                    (bool)t["generated"]!,
                    (string?)t["error"],
                    (int)t["checked"]!,
                    ((JObject)t["rejected"]!).Properties().ToDictionary(p => p.Name, p => (string)p.Value!))).ToList();
                return new Report(exitCode, output, json["corpus"]!.Select(c => (string)c!).ToList(), tools);
            }
            finally
            {
                Directory.Delete(Path.GetDirectoryName(work)!, recursive: true);
            }
        }
    }

    /// <summary>Runs the matrix against openapi/certcentral.yaml once for all the tests of a class.</summary>
    public sealed class ConsumerMatrixFixture : IAsyncLifetime
    {
        internal ConsumerMatrix.Report Report { get; private set; } = null!;

        public async Task InitializeAsync() => Report = await ConsumerMatrix.RunAsync(Repo.Spec);

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
