using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;

namespace DigiCert.CertCentral.Redis.Tests.Fleet
{
    /// <summary>
    /// A participant of the fleet in a process of its own: the FleetPacing sample, this assembly as
    /// a test host (Program.cs), or the Node.js participant. Killed, with its children, when it
    /// outlives its time limit or the test.
    /// </summary>
    internal sealed class Child : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _stdout = new StringBuilder();
        private readonly StringBuilder _stderr = new StringBuilder();
        private readonly TaskCompletionSource<bool> _stdoutClosed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<bool> _stderrClosed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        private Child(string name, string fileName, IEnumerable<string> arguments)
        {
            Name = name;
            var start = new ProcessStartInfo(fileName)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Repo.Root,
            };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            _process = new Process { StartInfo = start };
            _process.OutputDataReceived += (_, e) => Append(_stdout, _stdoutClosed, e.Data);
            _process.ErrorDataReceived += (_, e) => Append(_stderr, _stderrClosed, e.Data);
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public string Name { get; }

        public string Stdout
        {
            get
            {
                lock (_stdout) return _stdout.ToString();
            }
        }

        public string Stderr
        {
            get
            {
                lock (_stderr) return _stderr.ToString();
            }
        }

        /// <summary>The FleetPacing sample, with exactly the issue's command line.</summary>
        public static Child Sample(string name, params string[] arguments) =>
            new Child(name, "dotnet", new[] { SampleAssembly }.Concat(arguments));

        /// <summary>This assembly as the test host: the sample's burst with another pacer or a shorter lease (Program.cs).</summary>
        public static Child Host(string name, params string[] arguments) =>
            new Child(name, "dotnet", new[] { typeof(Child).Assembly.Location, "fleet-host" }.Concat(arguments));

        /// <summary>The Node.js participant (tools/pacing/participant.mjs).</summary>
        public static Child Node(string name, params string[] arguments) =>
            new Child(name, "node", new[] { System.IO.Path.Combine(Repo.Root, "tools", "pacing", "participant.mjs") }.Concat(arguments));

        private static string SampleAssembly => typeof(Child).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FleetPacingAssembly").Value!;

        /// <summary>The common options: the server, the key, Redis and the limits.</summary>
        public static string[] Options(Uri baseUrl, string apiKey, string redis, IEnumerable<RequestRateLimit> limits, int calls, int concurrency = 16, long orderId = 1)
        {
            var options = new List<string> { "--base-url", baseUrl.ToString(), "--api-key", apiKey, "--redis", redis };
            foreach (var limit in limits) options.AddRange(new[] { "--limit", $"{limit.Permits}/{(long)limit.Window.TotalMilliseconds}ms" });
            options.AddRange(new[] { "--calls", calls.ToString(System.Globalization.CultureInfo.InvariantCulture), "--concurrency", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            options.AddRange(new[] { "--order-id", orderId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            return options.ToArray();
        }

        public void Kill()
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // exited already
            }
        }

        /// <summary>Waits for the end (killing the process past <paramref name="limit"/>): the exit code and the parsed JSON line, if any.</summary>
        public async Task<(int ExitCode, JsonElement? Summary)> WaitAsync(TimeSpan limit)
        {
            var exited = _process.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(limit)) != exited)
            {
                Kill();
                throw new TimeoutException($"{Name} did not finish within {limit}.\nstdout: {Stdout}\nstderr: {Stderr}");
            }

            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(TimeSpan.FromSeconds(10));
            var line = Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            JsonElement? summary = null;
            if (line != null && line.StartsWith('{')) summary = JsonDocument.Parse(line).RootElement.Clone();
            return (_process.ExitCode, summary);
        }

        public override string ToString() => $"{Name}: exit {(_process.HasExited ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "(running)")}, stdout {Stdout.Trim()}, stderr {Stderr.Trim()}";

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }

        private static void Append(StringBuilder text, TaskCompletionSource<bool> closed, string? line)
        {
            if (line is null)
            {
                closed.TrySetResult(true);
                return;
            }

            lock (text) text.AppendLine(line);
        }
    }
}
