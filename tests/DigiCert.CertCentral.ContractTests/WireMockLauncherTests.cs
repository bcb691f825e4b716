using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;

namespace DigiCert.CertCentral.ContractTests
{
    /// <summary>tools/wiremock.js, the one place that starts WireMock, fails clearly without Java.</summary>
    public class WireMockLauncherTests
    {
        [Fact]
        public async Task Without_java_the_launcher_says_so_in_one_line()
        {
            var node = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator)
                .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? "node.exe" : "node"))
                .First(File.Exists);
            var emptyPath = Directory.CreateTempSubdirectory("no-java-").FullName;
            try
            {
                var (exitCode, output) = await ChildProcess.RunAsync(
                    node,
                    new[] { Path.Combine(Repo.Root, "tools", "wiremock.js"), "serve" },
                    timeout: TimeSpan.FromMinutes(1),
                    environment: new System.Collections.Generic.Dictionary<string, string?> { ["PATH"] = emptyPath });

                Assert.Equal(1, exitCode);
                Assert.Equal("error: Java 17 or later is required to run WireMock: install a JRE so that \"java\" is on PATH.", output.Trim());
            }
            finally
            {
                Directory.Delete(emptyPath);
            }
        }
    }
}
