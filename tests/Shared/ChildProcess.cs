using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Tests
{
    /// <summary>Runs a command to its end (killed, with its children, past a time limit) and returns its exit code and output.</summary>
    internal static class ChildProcess
    {
        public static async Task<(int ExitCode, string Output)> RunAsync(
            string fileName,
            IEnumerable<string> arguments,
            string? workingDirectory = null,
            TimeSpan? timeout = null,
            IReadOnlyDictionary<string, string?>? environment = null)
        {
            var start = new ProcessStartInfo(fileName)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory ?? Repo.Root,
            };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            {
                if (value is null) start.Environment.Remove(name);
                else start.Environment[name] = value;
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            var exited = process.WaitForExitAsync();
            var limit = timeout ?? TimeSpan.FromMinutes(5);
            if (await Task.WhenAny(exited, Task.Delay(limit)) != exited)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"'{fileName} {string.Join(" ", start.ArgumentList)}' did not finish within {limit}.");
            }

            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
