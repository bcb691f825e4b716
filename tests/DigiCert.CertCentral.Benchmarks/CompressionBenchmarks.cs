using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using DigiCert.CertCentral.Benchmarks.Peers;
using Kiota = DigiCert.CertCentral.OtherClients.Kiota.Models;
using NSwag = DigiCert.CertCentral.OtherClients.NSwag;

namespace DigiCert.CertCentral.Benchmarks
{
    /// <summary>
    /// The 10,000-certificate list as a server honouring Accept-Encoding sends it: plain, gzip or
    /// Brotli, on loopback at full speed and on a link throttled to 50 Mbit/s (see
    /// <see cref="ServeOptions"/>). The Wire column is the response body as the server sent it,
    /// counted by the server during the measured calls (<see cref="WireColumn"/>).
    /// </summary>
    /// <remarks>
    /// Every client here asks for compression: this client's own transport does, and the others
    /// run on <see cref="Clients.Transport"/> (AutomaticDecompression = All), which is what their
    /// users must configure to get it (a default HttpClient sends no Accept-Encoding). Each row's
    /// setup checks that the server did compress for it. A throttled call takes seconds, so each row
    /// is one call per iteration, one warm-up and six iterations.
    /// </remarks>
    [WarmupCount(1), IterationCount(6), InvocationCount(1, unrollFactor: 1)]
    public class CompressionBenchmarks
    {
        public const string Loopback = "loopback";
        public const string Throttled = "50 Mbit/s";
        private PayloadServer? _server;
        private Clients _c = null!;
        private Uri _list = null!;
        private string _row = "";

        [Params("identity", "gzip", "br")]
        public string Encoding { get; set; } = "identity";

        [Params(Loopback, Throttled)]
        public string Link { get; set; } = Loopback;

        [GlobalSetup(Target = nameof(Floor_Compressed))]
        public Task SetupFloorAsync() => StartAsync(nameof(Floor_Compressed), async () => await Floor_Compressed());

        [GlobalSetup(Target = nameof(Reference_Compressed))]
        public Task SetupReferenceAsync() => StartAsync(nameof(Reference_Compressed), async () => ReadChecks.Check(await Reference_Compressed(), Payloads.LargeCount));

        [GlobalSetup(Target = nameof(Client_Compressed))]
        public Task SetupClientAsync() => StartAsync(nameof(Client_Compressed), async () => ReadChecks.Check(await Client_Compressed(), Payloads.LargeCount));

        [GlobalSetup(Target = nameof(Refit_Compressed))]
        public Task SetupRefitAsync() => StartAsync(nameof(Refit_Compressed), async () => ReadChecks.Check(await Refit_Compressed(), Payloads.LargeCount));

        [GlobalSetup(Target = nameof(NSwag_Compressed))]
        public Task SetupNSwagAsync() => StartAsync(nameof(NSwag_Compressed), async () => ReadChecks.Check(await NSwag_Compressed(), Payloads.LargeCount));

        [GlobalSetup(Target = nameof(Kiota_Compressed))]
        public Task SetupKiotaAsync() => StartAsync(nameof(Kiota_Compressed), async () => ReadChecks.Check((await Kiota_Compressed())!, Payloads.LargeCount));

        [GlobalCleanup]
        public async Task StopAsync()
        {
            // Only the measured calls were counted (the setup's check was reset away).
            if (_server!.Responses > 0) WireColumn.Write(_row, Encoding, Link, _server.BodyBytes / _server.Responses, _server.Encodings);
            _c.Dispose();
            await _server.DisposeAsync();
        }

        [Benchmark(Baseline = true)]
        public Task<long> Floor_Compressed() => Floor.GetAsync(_c.Raw, _list, Clients.ApiKey);

        [Benchmark]
        public Task<RefDuplicateCertificateList> Reference_Compressed() => _c.Reference.ListDuplicateCertificatesAsync(Payloads.LargeCount);

        [Benchmark]
        public Task<DuplicateCertificateList> Client_Compressed() => _c.Client.ListDuplicateCertificatesAsync(Payloads.LargeCount);

        [Benchmark]
        public Task<RefitDuplicateCertificateList> Refit_Compressed() => _c.Refit.ListDuplicateCertificatesAsync(Payloads.LargeCount);

        [Benchmark]
        public Task<NSwag.DuplicateCertificateList> NSwag_Compressed() => _c.NSwag.ListDuplicateCertificatesAsync(Payloads.LargeCount, null);

        [Benchmark]
        public Task<Kiota.DuplicateCertificateList?> Kiota_Compressed() => _c.Kiota.Order.Certificate[Payloads.LargeCount].Duplicate.GetAsync();

        private async Task StartAsync(string row, Func<Task> check)
        {
            _row = row;
            _server = await PayloadServer.StartAsync(
                new Dictionary<string, byte[]> { [$"/services/v2/order/certificate/{Payloads.LargeCount}/duplicate"] = Payloads.DuplicatesLarge },
                new ServeOptions { Encoding = Encoding == "identity" ? null : Encoding, BytesPerSecond = Link == Throttled ? ServeOptions.FiftyMegabits : 0 });
            _c = new Clients(_server.BaseUri);
            _list = new Uri(_server.BaseUri, $"order/certificate/{Payloads.LargeCount}/duplicate");
            await check();
            if (_server.Encodings != Encoding) throw new InvalidOperationException($"{row} was served '{_server.Encodings}', not {Encoding}: it did not ask for it.");
            _server.ResetCounters();
        }
    }

    /// <summary>
    /// A compression bomb: a gzip body of about 1 MiB that inflates to 1 GiB (one JSON string that
    /// never ends), sent whatever the request asks, to this client with its default
    /// MaxResponseBytes (32 MiB). The call must fail with <see cref="CertCentralException"/> after
    /// inflating no more than the bound; the Allocated column shows what a call costs once the
    /// client's pooled buffers are warm, and "bomb" (a console mode) what the first call of a new
    /// process allocates.
    /// </summary>
    public class DecompressionBombBenchmarks
    {
        private PayloadServer? _server;
        private CertCentralClient _client = null!;

        [GlobalSetup]
        public async Task StartAsync()
        {
            (_server, _client) = await Bomb.StartAsync();
            Console.WriteLine(await Bomb.MeasureCallAsync(_client, "first call"));
        }

        [GlobalCleanup]
        public async Task StopAsync()
        {
            _client.Dispose();
            await _server!.DisposeAsync();
        }

        [Benchmark]
        public Task<int> Client_Bomb() => Bomb.CallAsync(_client);
    }

    public static class Bomb
    {
        public const long InflatedBytes = 1L << 30;

        /// <summary>gzip of {"certificates":[{"csr":"AAAA… (1 GiB in all), compressed a MiB at a time: never held whole.</summary>
        public static byte[] Body { get; } = Build();

        public static async Task<(PayloadServer Server, CertCentralClient Client)> StartAsync()
        {
            var server = await PayloadServer.StartAsync(
                new Dictionary<string, byte[]>(),
                new ServeOptions { Encoded = new Dictionary<string, (string, byte[])> { ["/services/v2/order/certificate/1/duplicate"] = ("gzip", Body) } });
            var options = new CertCentralClientOptions { ApiKey = Clients.ApiKey, BaseUri = server.BaseUri };
            options.RateLimits.Clear();
            return (server, new CertCentralClient(options));
        }

        /// <summary>The call, which must fail with the size bound; the status it failed with.</summary>
        public static async Task<int> CallAsync(CertCentralClient client)
        {
            try
            {
                await client.ListDuplicateCertificatesAsync(1);
            }
            catch (CertCentralException e) when (e.Message.Contains("MaxResponseBytes", StringComparison.Ordinal))
            {
                return e.Status;
            }

            throw new InvalidOperationException("The client read a 1 GiB body without failing.");
        }

        /// <summary>One call: time, bytes allocated (all threads, the in-process server's few included), working set.</summary>
        public static async Task<string> MeasureCallAsync(CertCentralClient client, string which)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            using var self = Process.GetCurrentProcess();
            var peakBefore = self.PeakWorkingSet64;
            var clock = Stopwatch.StartNew();
            var status = await CallAsync(client);
            var elapsed = clock.Elapsed;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            self.Refresh();
            return string.Create(CultureInfo.InvariantCulture,
                $"Compression bomb ({Body.Length / 1048576.0:0.00} MiB of gzip inflating to {InflatedBytes / 1048576:N0} MiB), {which}: CertCentralException (HTTP {status}, MaxResponseBytes = 32 MiB) after {elapsed.TotalMilliseconds:0} ms, {allocated / 1048576.0:0.0} MiB allocated, peak working set {peakBefore / 1048576.0:0} -> {self.PeakWorkingSet64 / 1048576.0:0} MiB.");
        }

        /// <summary>"bomb": the first call in a new process.</summary>
        public static async Task<int> RunAsync()
        {
            var (server, client) = await Bomb.StartAsync();
            await using (server)
            using (client)
            {
                Console.WriteLine(await MeasureCallAsync(client, "first call"));
                Console.WriteLine(await MeasureCallAsync(client, "second call"));
            }

            return 0;
        }

        private static byte[] Build()
        {
            var prefix = System.Text.Encoding.ASCII.GetBytes("{\"certificates\":[{\"csr\":\"");
            var chunk = new byte[1 << 20];
            chunk.AsSpan().Fill((byte)'A');
            using var output = new MemoryStream();
            using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            {
                gzip.Write(prefix);
                for (var written = (long)prefix.Length; written < InflatedBytes; written += chunk.Length)
                {
                    gzip.Write(chunk, 0, (int)Math.Min(chunk.Length, InflatedBytes - written));
                }
            }

            return output.ToArray();
        }
    }
}
