using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Tests
{
    /// <summary>
    /// The recordings sandbox as other teams get it: tools/DigiCert.CertCentral.Sandbox packed as a
    /// .NET tool into a temporary folder (its own obj/ and bin/, so the working tree's build is
    /// neither reused nor disturbed; artifacts/ is not needed), installed with
    /// <c>dotnet tool install --tool-path</c>, and started as <c>certcentral-sandbox serve --port N</c>.
    /// Packed and installed once per test process; deleted when the process ends.
    /// </summary>
    internal sealed class SandboxTool
    {
        public const string PackageId = "DigiCert.CertCentral.Sandbox";
        public const string Command = "certcentral-sandbox";

        private static readonly Lazy<Task<SandboxTool>> Installed = new Lazy<Task<SandboxTool>>(InstallAsync);

        private SandboxTool(string work, string package, string executable)
        {
            Work = work;
            Package = package;
            Executable = executable;
        }

        /// <summary>The temporary folder holding the package, the tool path and the build.</summary>
        public string Work { get; }

        /// <summary>The packed .nupkg.</summary>
        public string Package { get; }

        /// <summary>The installed command (the tool path's shim).</summary>
        public string Executable { get; }

        public static Task<SandboxTool> InstalledAsync() => Installed.Value;

        private static async Task<SandboxTool> InstallAsync()
        {
            var work = Directory.CreateTempSubdirectory("certcentral-sandbox-tool-").FullName;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(work);
            var packages = Path.Combine(work, "package");
            var (packed, packLog) = await ChildProcess.RunAsync("dotnet", new[]
            {
                "pack", Path.Combine(Repo.Root, "tools", "DigiCert.CertCentral.Sandbox", "DigiCert.CertCentral.Sandbox.csproj"),
                "-c", "Release", "-nologo", "-o", packages,
                "-p:BaseIntermediateOutputPath=" + Path.Combine(work, "obj") + Path.DirectorySeparatorChar,
                "-p:BaseOutputPath=" + Path.Combine(work, "bin") + Path.DirectorySeparatorChar,
            }, timeout: TimeSpan.FromMinutes(5));
            if (packed != 0) throw new InvalidOperationException("dotnet pack of the sandbox tool failed:\n" + packLog);
            var package = Directory.GetFiles(packages, PackageId + ".*.nupkg").Single();
            var version = Path.GetFileNameWithoutExtension(package).Substring(PackageId.Length + 1);

            var toolPath = Path.Combine(work, "tools");
            var (installed, installLog) = await ChildProcess.RunAsync("dotnet", new[]
            {
                "tool", "install", PackageId, "--version", version, "--tool-path", toolPath, "--add-source", packages,
            }, timeout: TimeSpan.FromMinutes(3));
            if (installed != 0) throw new InvalidOperationException("dotnet tool install of the packed sandbox failed:\n" + installLog);
            var executable = Path.Combine(toolPath, OperatingSystem.IsWindows() ? Command + ".exe" : Command);
            if (!File.Exists(executable)) throw new InvalidOperationException($"dotnet tool install made no {executable}:\n" + installLog);
            return new SandboxTool(work, package, executable);
        }

        /// <summary>
        /// Runs <c>certcentral-sandbox serve [--port N] [--root DIR]</c> until disposed; without a
        /// port the tool takes a free one, and the base URL it prints says which.
        /// </summary>
        public async Task<RunningSandbox> ServeAsync(string? root = null, int? port = null)
        {
            var arguments = new List<string> { "serve" };
            if (port != null) arguments.AddRange(new[] { "--port", port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            if (root != null) arguments.AddRange(new[] { "--root", root });
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Work,
            };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            var process = Process.Start(start)!;
            var output = new StringBuilder();
            var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (output) output.AppendLine(e.Data);
                if (e.Data.StartsWith("base URL: ", StringComparison.Ordinal)) ready.TrySetResult(new Uri(e.Data.Substring("base URL: ".Length).TrimEnd('/') + "/"));
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data != null) lock (output) output.AppendLine(e.Data);
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var started = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
            if (started != ready.Task)
            {
                var exited = process.HasExited;
                if (!exited) process.Kill(entireProcessTree: true);
                process.Dispose();
                throw new InvalidOperationException($"'{Command} {string.Join(" ", arguments)}' {(exited ? "exited" : "printed no base URL within 60 s")}:\n{output}");
            }

            return new RunningSandbox(process, await ready.Task, () => { lock (output) return output.ToString(); });
        }

        private static void TryDelete(string directory)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>A started <c>certcentral-sandbox serve</c>; disposing stops it.</summary>
    internal sealed class RunningSandbox : IDisposable
    {
        private readonly Process _process;
        private readonly Func<string> _output;

        public RunningSandbox(Process process, Uri baseUri, Func<string> output)
        {
            _process = process;
            BaseUri = baseUri;
            _output = output;
        }

        /// <summary>The base URL it printed, like http://127.0.0.1:N/services/v2/.</summary>
        public Uri BaseUri { get; }

        /// <summary>What the tool printed so far.</summary>
        public string Output => _output();

        public bool HasExited => _process.HasExited;

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _process.Dispose();
        }
    }
}
