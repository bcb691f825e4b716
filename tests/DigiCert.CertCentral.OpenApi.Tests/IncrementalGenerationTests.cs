using System;
using System.IO;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;

namespace DigiCert.CertCentral.OpenApi.Tests
{
    /// <summary>
    /// The build's generation step (tools/nswag/CertCentral.Generation.targets) runs NSwag only
    /// when an input changed: a no-op rebuild skips it, a changed description regenerates.
    /// </summary>
    public class IncrementalGenerationTests
    {
        private const string GenerationTarget = "_GenerateCertCentralClientCore";

        [Fact]
        public async Task NSwag_runs_when_the_description_changes_and_not_on_a_no_op_rebuild()
        {
            var work = Directory.CreateTempSubdirectory("certcentral-generation-").FullName;
            try
            {
                var spec = Path.Combine(work, "certcentral.yaml");
                File.Copy(Repo.Spec, spec);
                var obj = Path.Combine(work, "obj") + Path.DirectorySeparatorChar;
                var generated = Path.Combine(obj, "CertCentral.g.cs");

                var first = await GenerateAsync(spec, obj);
                Assert.True(File.Exists(generated), "nothing was generated:\n" + first);
                Assert.DoesNotContain($"Skipping target \"{GenerationTarget}\"", first);

                var noOp = await GenerateAsync(spec, obj);
                Assert.Contains($"Skipping target \"{GenerationTarget}\" because all output files are up-to-date", noOp);

                var generatedBefore = File.GetLastWriteTimeUtc(generated);
                await Task.Delay(TimeSpan.FromMilliseconds(50));
                File.SetLastWriteTimeUtc(spec, DateTime.UtcNow); // the description changed
                var changed = await GenerateAsync(spec, obj);
                Assert.DoesNotContain($"Skipping target \"{GenerationTarget}\"", changed);
                Assert.True(File.GetLastWriteTimeUtc(generated) > generatedBefore, "the generated file was not rewritten");
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        private static async Task<string> GenerateAsync(string spec, string intermediateOutputPath)
        {
            var (exitCode, log) = await ChildProcess.RunAsync("dotnet", new[]
            {
                "msbuild", "src/DigiCert.CertCentral/DigiCert.CertCentral.csproj", "-t:GenerateCertCentralClient", "-nologo", "-v:n",
                "-p:TargetFramework=net8.0", "-p:CertCentralSpec=" + spec, "-p:IntermediateOutputPath=" + intermediateOutputPath,
            });
            Assert.True(exitCode == 0, "the generation target failed:\n" + log);
            return log;
        }
    }
}
