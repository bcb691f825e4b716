using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Redis.Tests.Servers
{
    /// <summary>
    /// Debian's redis-server on 127.0.0.1 and a free port, in a temporary directory, with no
    /// persistence; stopped (and its directory deleted) on dispose. Installed with apt-get, under a
    /// lock, when it is missing and the process runs as root, as .ci/run does. Self-contained: the
    /// benchmarks link this file too.
    /// </summary>
    internal sealed class RedisServer : IAsyncDisposable
    {
        private static readonly Lazy<Task<string>> Executable = new Lazy<Task<string>>(InstallAsync);
        private static readonly ConcurrentDictionary<RedisServer, byte> Running = new ConcurrentDictionary<RedisServer, byte>();
        private readonly Process _process;
        private readonly string _directory;
        private readonly StringBuilder _output;

        static RedisServer()
        {
            // A test host that ends early must not leave servers behind.
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                foreach (var server in Running.Keys) server.Kill();
            };
        }

        private RedisServer(Process process, string directory, int port, StringBuilder output)
        {
            _process = process;
            _directory = directory;
            _output = output;
            Port = port;
            Running.TryAdd(this, 0);
        }

        public int Port { get; }

        /// <summary>host:port, as StackExchange.Redis and the sample take it.</summary>
        public string EndPoint => "127.0.0.1:" + Port;

        public bool HasExited => _process.HasExited;

        public static async Task<RedisServer> StartAsync()
        {
            var executable = await Executable.Value;
            var failures = new StringBuilder();
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var port = FreePort();
                var directory = Directory.CreateTempSubdirectory("certcentral-redis-").FullName;
                var start = new ProcessStartInfo(executable)
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                    WorkingDirectory = directory,
                };
                foreach (var argument in new[]
                {
                    "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--protected-mode", "yes",
                    "--dir", directory, "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "", "--loglevel", "warning",
                })
                {
                    start.ArgumentList.Add(argument);
                }

                var output = new StringBuilder();
                var process = new Process { StartInfo = start };
                process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
                process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
                process.Start();
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                if (await IsReadyAsync(port, process, TimeSpan.FromSeconds(15)))
                {
                    return new RedisServer(process, directory, port, output);
                }

                try
                {
                    process.Kill();
                }
                catch (InvalidOperationException)
                {
                    // exited already (the port was taken meanwhile, say)
                }

                lock (output) failures.AppendLine($"port {port}: {output}");
                process.Dispose();
                Directory.Delete(directory, recursive: true);
            }

            throw new InvalidOperationException("redis-server did not start:\n" + failures);
        }

        /// <summary>Stops the server at once, as a crash would (nothing is saved: there is no persistence).</summary>
        public void Kill()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill();
                    _process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }

        public string Output()
        {
            lock (_output) return _output.ToString();
        }

        public ValueTask DisposeAsync()
        {
            Kill();
            Running.TryRemove(this, out _);
            _process.Dispose();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // a file still being closed: the temporary directory is left behind
            }

            return default;
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static async Task<bool> IsReadyAsync(int port, Process process, TimeSpan limit)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < limit && !process.HasExited)
            {
                try
                {
                    using var client = new TcpClient();
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
                    var stream = client.GetStream();
                    await stream.WriteAsync(Encoding.ASCII.GetBytes("PING\r\n"), timeout.Token);
                    var buffer = new byte[64];
                    var read = await stream.ReadAsync(buffer, timeout.Token);
                    if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal)) return true;
                }
                catch (Exception e) when (e is SocketException || e is IOException || e is OperationCanceledException)
                {
                    // not listening yet
                }

                await Task.Delay(50);
            }

            return false;
        }

        private static string? Find() =>
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Append("/usr/bin").Append("/usr/sbin")
                .Select(directory => Path.Combine(directory, "redis-server"))
                .FirstOrDefault(File.Exists);

        private static async Task<string> InstallAsync()
        {
            var found = Find();
            if (found != null) return found;
            if (!Environment.IsPrivilegedProcess)
            {
                throw new InvalidOperationException("redis-server is not installed, and these tests install it only as root: run 'apt-get install redis-server' (Debian's package, 7.x), or .ci/run.");
            }

            // One install at a time on the machine (several test processes may get here at once),
            // and apt waits for another apt to finish instead of failing.
            var start = new ProcessStartInfo("flock")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "-w", "900", Path.Combine(Path.GetTempPath(), "digicert-certcentral-apt.lock"), "sh", "-c",
                "command -v redis-server >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq redis-server; }",
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var install = Process.Start(start)!;
            var stdout = install.StandardOutput.ReadToEndAsync();
            var stderr = install.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(20));
            try
            {
                await install.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                install.Kill(entireProcessTree: true);
                throw new InvalidOperationException("Installing redis-server with apt-get did not finish within 20 minutes.");
            }

            return Find() ?? throw new InvalidOperationException($"Installing redis-server with apt-get failed (exit code {install.ExitCode}):\n{await stdout}{await stderr}");
        }
    }
}
