using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;

namespace DigiCert.CertCentral.OpenApi.Tests
{
    /// <summary>Runs a pinned npm tool from tools/node_modules with node (no shell, no PATH lookup of the tool).</summary>
    internal static class NodeTool
    {
        public static string Redocly => "@redocly/cli/bin/cli.js";
        public static string Spectral => "@stoplight/spectral-cli/dist/index.js";
        public static string OpenApiTypeScript => "openapi-typescript/bin/cli.js";
        public static string Tsc => "typescript/bin/tsc";

        public static async Task<(int ExitCode, string Output)> RunAsync(string tool, string workingDirectory, params string[] args)
        {
            var script = Path.Combine(Repo.Root, "tools", "node_modules", tool);
            Assert.True(File.Exists(script), $"{script} is missing: build the solution first (it installs tools/) or run 'node tools/ensure-tools.js'.");
            var start = new ProcessStartInfo("node")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory,
            };
            start.ArgumentList.Add(script);
            foreach (var arg in args) start.ArgumentList.Add(arg);
            start.Environment["NO_COLOR"] = "1";
            start.Environment["REDOCLY_TELEMETRY"] = "off";
            start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            var exited = process.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMinutes(3))) != exited)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{tool} did not finish within 3 minutes");
            }

            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
