using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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
            await NpmTools.EnsureInstalledAsync();
            var script = Path.Combine(Repo.Root, "tools", "node_modules", tool);
            Assert.True(File.Exists(script), $"{script} is missing after 'node tools/ensure-tools.js'.");
            return await ChildProcess.RunAsync("node", new[] { script }.Concat(args), workingDirectory, TimeSpan.FromMinutes(3), new Dictionary<string, string?>
            {
                ["NO_COLOR"] = "1",
                ["REDOCLY_TELEMETRY"] = "off",
                ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true",
            });
        }
    }
}
