using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;

namespace DigiCert.CertCentral.OpenApi.Tests
{
    /// <summary>
    /// The build's generation step (tools/nswag/CertCentral.Generation.targets, NSwag.MSBuild):
    /// NSwag runs only when an input changed, once for both target frameworks, and never in a
    /// design-time build. Each test generates into its own temporary directory.
    /// </summary>
    public class IncrementalGenerationTests
    {
        private const string GenerationTarget = "_GenerateCertCentralClientCore";
        private const string Project = "src/DigiCert.CertCentral/DigiCert.CertCentral.csproj";

        [Fact]
        public async Task NSwag_runs_when_the_description_changes_and_not_on_a_no_op_rebuild()
        {
            using var work = new TempDirectory();
            var spec = Path.Combine(work.Path, "certcentral.yaml");
            File.Copy(Repo.Spec, spec);
            var generated = Path.Combine(work.Path, "generated", "CertCentral.g.cs");

            var first = await MSBuildAsync(spec, work.Path, "-t:GenerateCertCentralClient", "-p:TargetFramework=net8.0");
            Assert.True(File.Exists(generated), "nothing was generated:\n" + first);
            Assert.Equal(1, GenerationRuns(first));

            var noOp = await MSBuildAsync(spec, work.Path, "-t:GenerateCertCentralClient", "-p:TargetFramework=net8.0");
            Assert.Contains($"Skipping target \"{GenerationTarget}\" because all output files are up-to-date", noOp);
            Assert.Equal(0, GenerationRuns(noOp));

            var generatedBefore = File.GetLastWriteTimeUtc(generated);
            await Task.Delay(TimeSpan.FromMilliseconds(50));
            File.SetLastWriteTimeUtc(spec, DateTime.UtcNow); // the description changed
            var changed = await MSBuildAsync(spec, work.Path, "-t:GenerateCertCentralClient", "-p:TargetFramework=net8.0");
            Assert.Equal(1, GenerationRuns(changed));
            Assert.True(File.GetLastWriteTimeUtc(generated) > generatedBefore, "the generated file was not rewritten");
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(generated)!, "*.tmp")); // no temporary file left behind
        }

        [Fact]
        public async Task The_outer_build_generates_once_for_both_target_frameworks()
        {
            using var work = new TempDirectory();
            var spec = Path.Combine(work.Path, "certcentral.yaml");
            File.Copy(Repo.Spec, spec);

            // The outer build dispatches to the netstandard2.0 and net8.0 inner builds, each asked
            // for its generation step (what Build does before CoreCompile), without compiling.
            var log = await MSBuildAsync(spec, work.Path, "-t:DispatchToInnerBuilds", "-p:InnerTargets=GenerateCertCentralClient");
            Assert.Equal(1, GenerationRuns(log));
            Assert.Equal(2, Regex.Matches(log, $"Skipping target \"{GenerationTarget}\" because all output files are up-to-date").Count);
            Assert.True(File.Exists(Path.Combine(work.Path, "generated", "CertCentral.g.cs")));
        }

        [Fact]
        public async Task A_design_time_build_never_runs_NSwag_and_does_not_fail_without_a_generated_file()
        {
            using var work = new TempDirectory();
            var log = await MSBuildAsync(Repo.Spec, work.Path, "-t:GenerateCertCentralClient", "-p:TargetFramework=net8.0", "-p:DesignTimeBuild=true");
            Assert.Equal(0, GenerationRuns(log));
            Assert.False(Directory.Exists(Path.Combine(work.Path, "generated")), "a design-time build generated:\n" + log);
        }

        [Fact]
        public async Task A_design_time_build_compiles_the_last_generated_file()
        {
            using var work = new TempDirectory();
            var generated = Path.Combine(work.Path, "generated", "CertCentral.g.cs");
            await MSBuildAsync(Repo.Spec, work.Path, "-t:GenerateCertCentralClient", "-p:TargetFramework=net8.0");
            var before = File.GetLastWriteTimeUtc(generated);
            File.SetLastWriteTimeUtc(generated, before.AddDays(-1)); // older than its inputs: a real build would regenerate

            var items = await MSBuildAsync(Repo.Spec, work.Path, "-t:GenerateCertCentralClient", "-p:TargetFramework=net8.0", "-p:DesignTimeBuild=true", "-getItem:Compile");
            Assert.Contains($"\"FullPath\": \"{generated.Replace("\\", "\\\\")}\"", items);
            Assert.Equal(before.AddDays(-1), File.GetLastWriteTimeUtc(generated)); // not regenerated
        }

        // The targets file logs one line per NSwag run.
        private static int GenerationRuns(string log) => Regex.Matches(log, "Generated .*CertCentral\\.g\\.cs with NSwag\\.MSBuild").Count;

        private static async Task<string> MSBuildAsync(string spec, string work, params string[] extra)
        {
            var (exitCode, log) = await ChildProcess.RunAsync("dotnet", new[]
            {
                "msbuild", Project, "-nologo", "-v:n", "-nodeReuse:false",
                "-p:CertCentralSpec=" + spec, "-p:CertCentralGeneratedDir=" + Path.Combine(work, "generated") + Path.DirectorySeparatorChar,
            }.Concat(extra));
            Assert.True(exitCode == 0, "the build failed:\n" + log);
            return log;
        }

        private sealed class TempDirectory : IDisposable
        {
            public string Path { get; } = Directory.CreateTempSubdirectory("certcentral-generation-").FullName;

            public void Dispose() => Directory.Delete(Path, recursive: true);
        }
    }
}
