using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;

namespace DigiCert.CertCentral.Samples.Tests
{
    /// <summary>The samples under samples/, as this project's build left them (its ProjectReferences build them).</summary>
    internal static class Samples
    {
        public static string Root => Path.Combine(Repo.Root, "samples");

        // The samples are built in this project's configuration (ProjectReference passes it on).
        private static string Configuration =>
            typeof(Samples).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

        /// <summary>The folder of a sample's built program (net10.0, as samples/Directory.Build.props sets).</summary>
        public static string OutputOf(string sample)
        {
            var folder = Path.Combine(Root, sample, "bin", Configuration, "net10.0");
            if (!File.Exists(Path.Combine(folder, sample + ".dll")))
            {
                throw new InvalidOperationException($"{sample} is not built in {folder}: build this test project (it references every runnable sample).");
            }

            return folder;
        }

        /// <summary>Runs a sample to its end, as `dotnet Sample.dll args`, bounded in time.</summary>
        public static Task<(int ExitCode, string Output)> RunAsync(string sample, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
        {
            var folder = OutputOf(sample);
            return ChildProcess.RunAsync("dotnet", new[] { Path.Combine(folder, sample + ".dll") }.Concat(arguments), folder, TimeSpan.FromMinutes(2), environment);
        }
    }

    /// <summary>A sample web app started on a free loopback port (Kestrel's port 0); disposing stops it.</summary>
    internal sealed class RunningApp : IDisposable
    {
        private static readonly Regex Listening = new Regex(@"Now listening on: (http://127\.0\.0\.1:\d+)", RegexOptions.CultureInvariant);
        private readonly Process _process;
        private readonly StringBuilder _output;

        private RunningApp(Process process, StringBuilder output, Uri address)
        {
            _process = process;
            _output = output;
            Address = address;
        }

        public Uri Address { get; }

        public string Output
        {
            get
            {
                lock (_output) return _output.ToString();
            }
        }

        public static async Task<RunningApp> StartAsync(string sample, IEnumerable<string> arguments)
        {
            var folder = Samples.OutputOf(sample);
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = folder, // the content root: appsettings.json is copied beside the program
            };
            start.ArgumentList.Add(Path.Combine(folder, sample + ".dll"));
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add("http://127.0.0.1:0");
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Logging__Console__FormatterName"] = "simple"; // the "Now listening on" line as parsed here

            var process = Process.Start(start)!;
            var output = new StringBuilder();
            var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            void Read(string? line)
            {
                if (line is null) return;
                lock (output) output.AppendLine(line);
                var match = Listening.Match(line);
                if (match.Success) ready.TrySetResult(new Uri(match.Groups[1].Value));
            }

            process.OutputDataReceived += (_, e) => Read(e.Data);
            process.ErrorDataReceived += (_, e) => Read(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var started = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
            if (started != ready.Task)
            {
                var exited = process.HasExited;
                if (!exited) process.Kill(entireProcessTree: true);
                process.Dispose();
                string text;
                lock (output) text = output.ToString();
                throw new InvalidOperationException($"{sample} {(exited ? "exited" : "did not listen within 90 s")}:\n{text}");
            }

            return new RunningApp(process, output, await ready.Task);
        }

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
