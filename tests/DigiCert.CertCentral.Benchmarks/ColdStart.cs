using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using DigiCert.CertCentral.Benchmarks.Peers;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace DigiCert.CertCentral.Benchmarks
{
    /// <summary>
    /// Cold start: a new process that makes the three seed calls and exits, for every client (the
    /// floor: a process that starts and exits). Wall time only; <see cref="ChildRuns"/> ("pairs")
    /// adds each child's CPU time and peak working set, over paired runs.
    /// </summary>
    public class ColdStartBenchmarks
    {
        private PayloadServer? _server;

        [GlobalSetup]
        public async Task StartAsync() => _server = await PayloadServer.StartAsync(Payloads.SeedBodies);

        [GlobalCleanup]
        public async Task StopAsync() => await _server!.DisposeAsync();

        [Benchmark(Baseline = true)]
        public void Floor_ColdStart() => ChildRuns.Run("coldstart", "floor", _server!.BaseUri);

        [Benchmark]
        public void Reference_ColdStart() => ChildRuns.Run("coldstart", "reference", _server!.BaseUri);

        [Benchmark]
        public void Client_ColdStart() => ChildRuns.Run("coldstart", "client", _server!.BaseUri);

        [Benchmark]
        public void Refit_ColdStart() => ChildRuns.Run("coldstart", "refit", _server!.BaseUri);

        [Benchmark]
        public void NSwag_ColdStart() => ChildRuns.Run("coldstart", "nswag", _server!.BaseUri);

        [Benchmark]
        public void Kiota_ColdStart() => ChildRuns.Run("coldstart", "kiota", _server!.BaseUri);
    }

    /// <summary>
    /// What a child process runs: "coldstart &lt;client&gt; &lt;base URL&gt;" makes the three seed calls;
    /// "peak &lt;client&gt; &lt;base URL&gt; &lt;n&gt;" lists the n generated certificates once. Each
    /// client is set up as its users would in a new app (defaults, its own HttpClient), each in a
    /// method of its own so that a child loads only its client's assemblies; none loads
    /// BenchmarkDotNet. The child prints "ok", its own CPU time (user + system, from start) and its
    /// peak working set (VmHWM on Linux) just before it exits.
    /// </summary>
    public static class ChildProcess
    {
        public static readonly string[] Modes = { "floor", "reference", "client", "refit", "nswag", "kiota" };

        public static async Task<int> RunAsync(string kind, string mode, Uri baseUri, int count)
        {
            long before = Environment.WorkingSet;
            var call = kind == "peak" ? (Func<Task>)(() => ListAsync(mode, baseUri, count)) : () => SeedsAsync(mode, baseUri);
            if (!Modes.Contains(mode)) return 2;
            await call();
            using var self = Process.GetCurrentProcess();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ok cpu_ms={self.TotalProcessorTime.TotalMilliseconds:0.0} peak_ws={self.PeakWorkingSet64} ws_before={before}"));
            return 0;
        }

        private static Task SeedsAsync(string mode, Uri baseUri) => mode switch
        {
            "reference" => ReferenceSeedsAsync(baseUri),
            "client" => ClientSeedsAsync(baseUri),
            "refit" => RefitSeedsAsync(baseUri),
            "nswag" => NSwagSeedsAsync(baseUri),
            "kiota" => KiotaSeedsAsync(baseUri),
            _ => Task.CompletedTask,
        };

        private static Task ListAsync(string mode, Uri baseUri, int count) => mode switch
        {
            "reference" => ReferenceListAsync(baseUri, count),
            "client" => ClientListAsync(baseUri, count),
            "refit" => RefitListAsync(baseUri, count),
            "nswag" => NSwagListAsync(baseUri, count),
            "kiota" => KiotaListAsync(baseUri, count),
            _ => Task.CompletedTask,
        };

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static async Task ReferenceSeedsAsync(Uri baseUri)
        {
            using var http = new HttpClient();
            var reference = new ReferenceClient(http, baseUri, Clients.ApiKey);
            await reference.ListDuplicateCertificatesAsync(1);
            await reference.GetKeyInfoAsync(15);
            await reference.GetOrganizationValidationsAsync(1);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static async Task ClientSeedsAsync(Uri baseUri)
        {
            using var client = new CertCentralClient(new CertCentralClientOptions { ApiKey = Clients.ApiKey, BaseUri = baseUri });
            await client.ListDuplicateCertificatesAsync(1);
            await client.GetKeyInfoAsync(15);
            await client.GetOrganizationValidationsAsync(1);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static async Task RefitSeedsAsync(Uri baseUri)
        {
            using var http = Keyed(new HttpClient { BaseAddress = new Uri(baseUri.AbsoluteUri.TrimEnd('/')) });
            var refit = RefitPeer.Create(http);
            await refit.ListDuplicateCertificatesAsync(1);
            await refit.GetKeyInfoAsync(15);
            await refit.GetOrganizationValidationsAsync(1);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static async Task NSwagSeedsAsync(Uri baseUri)
        {
            using var http = Keyed(new HttpClient());
            var nswag = new OtherClients.NSwag.Client(http) { BaseUrl = baseUri.AbsoluteUri };
            await nswag.ListDuplicateCertificatesAsync(1, null);
            await nswag.GetKeyInfoAsync(15);
            await nswag.GetOrganizationValidationsAsync(1);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static async Task KiotaSeedsAsync(Uri baseUri)
        {
            using var http = Keyed(KiotaClientFactory.Create());
            var kiota = new OtherClients.Kiota.CertCentralKiotaClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = baseUri.AbsoluteUri.TrimEnd('/') });
            await kiota.Order.Certificate[1].Duplicate.GetAsync();
            await kiota.Key[15].GetAsync();
            await kiota.Organization[1].Validation.GetAsync();
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static async Task ReferenceListAsync(Uri baseUri, int count)
        {
            using var http = new HttpClient();
            Keep((await new ReferenceClient(http, baseUri, Clients.ApiKey).ListDuplicateCertificatesAsync(count)).Certificates.Count, count);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static async Task ClientListAsync(Uri baseUri, int count)
        {
            using var client = new CertCentralClient(new CertCentralClientOptions { ApiKey = Clients.ApiKey, BaseUri = baseUri, MaxResponseBytes = 256L * 1024 * 1024 });
            Keep((await client.ListDuplicateCertificatesAsync(count)).Certificates.Count, count);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static async Task RefitListAsync(Uri baseUri, int count)
        {
            using var http = Keyed(new HttpClient { BaseAddress = new Uri(baseUri.AbsoluteUri.TrimEnd('/')) });
            Keep((await RefitPeer.Create(http).ListDuplicateCertificatesAsync(count)).Certificates.Count, count);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static async Task NSwagListAsync(Uri baseUri, int count)
        {
            using var http = Keyed(new HttpClient());
            Keep((await new OtherClients.NSwag.Client(http) { BaseUrl = baseUri.AbsoluteUri }.ListDuplicateCertificatesAsync(count, null)).Certificates.Count, count);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static async Task KiotaListAsync(Uri baseUri, int count)
        {
            using var http = Keyed(KiotaClientFactory.Create());
            var kiota = new OtherClients.Kiota.CertCentralKiotaClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = baseUri.AbsoluteUri.TrimEnd('/') });
            Keep((await kiota.Order.Certificate[count].Duplicate.GetAsync())!.Certificates!.Count, count);
        }

        /// <summary>The list must have been read (and is still reachable when the peak is read).</summary>
        private static void Keep(int read, int count)
        {
            if (read != count) throw new InvalidOperationException($"Read {read} certificates, expected {count}.");
        }

        private static HttpClient Keyed(HttpClient http)
        {
            http.DefaultRequestHeaders.Add("X-DC-DEVKEY", Clients.ApiKey);
            return http;
        }
    }

    /// <summary>
    /// Runs children (<see cref="ChildProcess"/>) and, as "pairs", compares them: every client once a
    /// round, in a rotated order, for 10 rounds; medians of wall time (start to exit, measured
    /// here), CPU time and peak working set (reported by the child), against the reference's.
    /// </summary>
    public static class ChildRuns
    {
        public readonly record struct Sample(double WallMs, double CpuMs, long PeakWorkingSet, long WorkingSetBefore);

        public static Sample Run(string kind, string mode, Uri baseUri, int count = 0)
        {
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
            start.ArgumentList.Add(kind);
            start.ArgumentList.Add(mode);
            start.ArgumentList.Add(baseUri.AbsoluteUri);
            if (kind == "peak") start.ArgumentList.Add(count.ToString(CultureInfo.InvariantCulture));
            var clock = Stopwatch.StartNew();
            using var child = Process.Start(start)!;
            var output = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            var wall = clock.Elapsed.TotalMilliseconds;
            if (child.ExitCode != 0 || !output.StartsWith("ok ", StringComparison.Ordinal)) throw new InvalidOperationException($"The {kind} {mode} child failed ({child.ExitCode}): {output}");
            var fields = output.Trim().Split(' ').Skip(1).Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
            return new Sample(wall, double.Parse(fields["cpu_ms"], CultureInfo.InvariantCulture), long.Parse(fields["peak_ws"], CultureInfo.InvariantCulture), long.Parse(fields["ws_before"], CultureInfo.InvariantCulture));
        }

        /// <summary>"pairs [rounds]": the cold-start table, then the peak working set of the 10,000-certificate call.</summary>
        public static async Task<int> PairsAsync(int rounds)
        {
            var bodies = new Dictionary<string, byte[]>(Payloads.SeedBodies) { [$"/services/v2/order/certificate/{Payloads.LargeCount}/duplicate"] = Payloads.DuplicatesLarge };
            await using var server = await PayloadServer.StartAsync(bodies);
            Console.WriteLine($"{rounds} rounds, each client once a round in a rotated order; medians; {Environment.ProcessorCount} cores, load average {LoadAverage()}.");
            Console.WriteLine();
            Console.WriteLine("Cold start: a new process making the three seed calls");
            Print(Measure("coldstart", server.BaseUri, 0, rounds), peak: false);
            Console.WriteLine();
            Console.WriteLine($"Peak working set: a new process listing {Payloads.LargeCount:N0} certificates (about {Payloads.DuplicatesLarge.Length / 1048576.0:0.0} MiB) once");
            Print(Measure("peak", server.BaseUri, Payloads.LargeCount, rounds), peak: true);
            Console.WriteLine();
            Console.WriteLine($"Load average after: {LoadAverage()}");
            return 0;
        }

        private static Dictionary<string, List<Sample>> Measure(string kind, Uri baseUri, int count, int rounds)
        {
            var samples = ChildProcess.Modes.ToDictionary(m => m, _ => new List<Sample>());
            foreach (var mode in ChildProcess.Modes) Run(kind, mode, baseUri, count); // warm the file cache
            for (var round = 0; round < rounds; round++)
            {
                var order = ChildProcess.Modes.Skip(round % ChildProcess.Modes.Length).Concat(ChildProcess.Modes.Take(round % ChildProcess.Modes.Length));
                foreach (var mode in order) samples[mode].Add(Run(kind, mode, baseUri, count));
            }

            return samples;
        }

        private static void Print(Dictionary<string, List<Sample>> samples, bool peak)
        {
            double Median(IEnumerable<double> values)
            {
                var sorted = values.OrderBy(v => v).ToArray();
                return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
            }

            var reference = samples["reference"];
            double refWall = Median(reference.Select(s => s.WallMs)), refCpu = Median(reference.Select(s => s.CpuMs)), refPeak = Median(reference.Select(s => (double)s.PeakWorkingSet));
            Console.WriteLine("| client | wall (ms) | CPU (ms) | peak working set (MiB) | wall/ref | CPU/ref | peak/ref | wall min-max (ms) |" + (peak ? " peak above start (MiB) |" : ""));
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|" + (peak ? "---:|" : ""));
            foreach (var (mode, list) in samples)
            {
                double wall = Median(list.Select(s => s.WallMs)), cpu = Median(list.Select(s => s.CpuMs)), ws = Median(list.Select(s => (double)s.PeakWorkingSet));
                var above = peak ? string.Create(CultureInfo.InvariantCulture, $" {Median(list.Select(s => (double)(s.PeakWorkingSet - s.WorkingSetBefore))) / 1048576:0.0} |") : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {mode} | {wall:0} | {cpu:0} | {ws / 1048576:0.0} | {wall / refWall:0.00}x | {cpu / refCpu:0.00}x | {ws / refPeak:0.00}x | {list.Min(s => s.WallMs):0}-{list.Max(s => s.WallMs):0} |{above}"));
            }
        }

        private static string LoadAverage()
        {
            try
            {
                return string.Join(" ", System.IO.File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
            }
            catch (System.IO.IOException)
            {
                return "unknown";
            }
        }
    }
}
