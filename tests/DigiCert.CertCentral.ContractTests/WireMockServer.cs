using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using Xunit.Sdk;

namespace DigiCert.CertCentral.ContractTests
{
    /// <summary>
    /// A WireMock standalone server on 127.0.0.1 and a free port, replaying a root directory of
    /// mappings/ and __files/. Started through tools/wiremock.js (the one place that knows how),
    /// stopped by killing its own process tree.
    /// </summary>
    public sealed class WireMockServer : IAsyncDisposable
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
        private readonly Process _process;
        private readonly StringBuilder _log = new StringBuilder();
        private readonly HttpClient _admin;

        private WireMockServer(Process process, int port)
        {
            _process = process;
            Port = port;
            _admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/__admin/"), Timeout = TimeSpan.FromSeconds(30) };
        }

        public int Port { get; }

        /// <summary>Where the server answers, like https://host in https://host/services/v2.</summary>
        public Uri Origin => new Uri($"http://127.0.0.1:{Port}");

        /// <summary>The base URL to point the client at.</summary>
        public Uri BaseUri => new Uri(Origin, "/services/v2/");

        public string Log { get { lock (_log) return _log.ToString(); } }

        public static async Task<WireMockServer> StartAsync(string rootDir)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("node")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Tests.Repo.Root,
            };
            foreach (var arg in new[] { Path.Combine(Tests.Repo.Root, "tools", "wiremock.js"), "serve", "--root", rootDir, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(arg);
            }

            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (Exception e)
            {
                throw new InvalidOperationException("Could not start 'node tools/wiremock.js': Node.js must be on PATH. " + e.Message, e);
            }

            var server = new WireMockServer(process, port);
            process.OutputDataReceived += (_, e) => server.Append(e.Data);
            process.ErrorDataReceived += (_, e) => server.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var deadline = DateTime.UtcNow + StartTimeout;
            while (true)
            {
                if (process.HasExited)
                {
                    process.WaitForExit();
                    var log = server.Log;
                    await server.DisposeAsync();
                    throw new InvalidOperationException($"WireMock did not start (exit code {process.ExitCode}). Its output:\n{log}");
                }

                try
                {
                    using var health = await server._admin.GetAsync("health");
                    if (health.IsSuccessStatusCode) return server;
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }

                if (DateTime.UtcNow > deadline)
                {
                    var log = server.Log;
                    await server.DisposeAsync();
                    throw new InvalidOperationException($"WireMock did not answer /__admin/health within {StartTimeout.TotalSeconds} s. Its output:\n{log}");
                }

                await Task.Delay(200);
            }
        }

        /// <summary>Forgets the requests received so far.</summary>
        public async Task ResetRequestsAsync()
        {
            using var response = await _admin.DeleteAsync("requests");
            response.EnsureSuccessStatusCode();
        }

        /// <summary>The request journal, oldest first.</summary>
        public async Task<JArray> GetRequestsAsync()
        {
            var journal = JObject.Parse(await _admin.GetStringAsync("requests"));
            var requests = (JArray)journal["requests"]!;
            return new JArray(System.Linq.Enumerable.Reverse(requests)); // WireMock lists newest first
        }

        /// <summary>Fails with WireMock's near-miss report when a request matched no mapping.</summary>
        public async Task AssertAllRequestsMatchedAsync()
        {
            var unmatched = JObject.Parse(await _admin.GetStringAsync("requests/unmatched"));
            if (((JArray)unmatched["requests"]!).Count == 0) return;

            var nearMisses = JObject.Parse(await _admin.GetStringAsync("requests/unmatched/near-misses"));
            var report = new StringBuilder("A request matched no recording. WireMock's near misses:\n");
            foreach (var miss in (JArray)nearMisses["nearMisses"]!)
            {
                report.AppendLine($"- {miss["request"]?["method"]} {miss["request"]?["url"]}, closest stub '{miss["stubMapping"]?["name"]}' (distance {miss["matchResult"]?["distance"]})");
                report.AppendLine("  sent headers:  " + miss["request"]?["headers"]?.ToString(Newtonsoft.Json.Formatting.None));
                report.AppendLine("  stub expects:  " + miss["stubMapping"]?["request"]?.ToString(Newtonsoft.Json.Formatting.None));
            }

            throw new XunitException(report.ToString());
        }

        public async ValueTask DisposeAsync()
        {
            _admin.Dispose();
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
                }
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null) return;
            lock (_log) _log.AppendLine(line);
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            finally
            {
                listener.Stop();
            }
        }
    }
}
