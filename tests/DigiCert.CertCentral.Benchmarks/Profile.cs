using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using DigiCert.CertCentral.Benchmarks.Peers;
using DigiCert.CertCentral.Serialization;

namespace DigiCert.CertCentral.Benchmarks
{
    /// <summary>
    /// "profile &lt;case&gt; &lt;calls&gt; [cpu]": one of this client's (or the reference's) cases in a loop, for a
    /// profiler to attach to (dotnet-trace collect -- dotnet &lt;dll&gt; profile ...), then the bytes
    /// allocated per call (exact, all threads) and where they went: the runtime's allocation
    /// samples (one per ~100 KB allocated, with the type that crossed the mark), read in-process by
    /// an EventListener, so no tool is needed for the allocation breakdown. Not a benchmark: the
    /// numbers that count come from BenchmarkDotNet.
    /// </summary>
    public static class Profile
    {
        public static readonly string[] Cases =
        {
            "client-seed", "reference-seed", "refit-seed", "client-64", "reference-64", "refit-64", "nswag-64", "kiota-64", "client-large", "reference-large", "client-large-gzip", "reference-large-gzip",
            "client-deserialize-seed", "client-read-seed", "reference-deserialize-seed", "client-deserialize-large", "client-read-large", "reference-deserialize-large",
        };

        /// <param name="allocations">Whether to sample allocations (off under a CPU profiler: the listener's own work would show).</param>
        public static async Task<int> RunAsync(string name, int calls, bool allocations = true)
        {
            if (!Cases.Contains(name))
            {
                Console.Error.WriteLine("Cases: " + string.Join(", ", Cases));
                return 2;
            }

            var bodies = new Dictionary<string, byte[]>(Payloads.SeedBodies) { [$"/services/v2/order/certificate/{Payloads.LargeCount}/duplicate"] = Payloads.DuplicatesLarge };
            await using var server = await PayloadServer.StartAsync(bodies, new ServeOptions { Encoding = name.EndsWith("-gzip", StringComparison.Ordinal) ? "gzip" : null });
            using var c = new Clients(server.BaseUri);
            Func<Task> call = name switch
            {
                "client-seed" => async () => await c.Client.ListDuplicateCertificatesAsync(1),
                "reference-seed" => async () => await c.Reference.ListDuplicateCertificatesAsync(1),
                "refit-seed" => async () => await c.Refit.ListDuplicateCertificatesAsync(1),
                // 64 callers at once; a "call" here is the 64 calls (divide by 64).
                "client-64" => () => Task.WhenAll(Enumerable.Range(0, 64).Select(_ => c.Client.ListDuplicateCertificatesAsync(1))),
                "reference-64" => () => Task.WhenAll(Enumerable.Range(0, 64).Select(_ => c.Reference.ListDuplicateCertificatesAsync(1))),
                "refit-64" => () => Task.WhenAll(Enumerable.Range(0, 64).Select(_ => c.Refit.ListDuplicateCertificatesAsync(1))),
                "nswag-64" => () => Task.WhenAll(Enumerable.Range(0, 64).Select(_ => c.NSwag.ListDuplicateCertificatesAsync(1, null))),
                "kiota-64" => () => Task.WhenAll(Enumerable.Range(0, 64).Select(_ => c.Kiota.Order.Certificate[1].Duplicate.GetAsync())),
                "client-large-gzip" => async () => await c.Client.ListDuplicateCertificatesAsync(Payloads.LargeCount),
                "reference-large-gzip" => async () => await c.Reference.ListDuplicateCertificatesAsync(Payloads.LargeCount),
                "client-large" => async () => await c.Client.ListDuplicateCertificatesAsync(Payloads.LargeCount),
                "reference-large" => async () => await c.Reference.ListDuplicateCertificatesAsync(Payloads.LargeCount),
                "client-deserialize-seed" => () => { CertCentralJson.Deserialize<DuplicateCertificateList>(Payloads.DuplicatesSeed); return Task.CompletedTask; },
                "reference-deserialize-seed" => () => { System.Text.Json.JsonSerializer.Deserialize(Payloads.DuplicatesSeed, ReferenceJson.Default.RefDuplicateCertificateList); return Task.CompletedTask; },
                "client-read-seed" => () => { ClientInternals.ReadDuplicates(Payloads.DuplicatesSeed); return Task.CompletedTask; },
                "client-read-large" => () => { ClientInternals.ReadDuplicates(Payloads.DuplicatesLarge); return Task.CompletedTask; },
                "client-deserialize-large" => () => { CertCentralJson.Deserialize<DuplicateCertificateList>(Payloads.DuplicatesLarge); return Task.CompletedTask; },
                _ => () => { System.Text.Json.JsonSerializer.Deserialize(Payloads.DuplicatesLarge, ReferenceJson.Default.RefDuplicateCertificateList); return Task.CompletedTask; },
            };

            for (var i = 0; i < Math.Min(calls, 200); i++) await call(); // warm: JIT tiers, pools, connections
            using var samples = allocations ? new AllocationSamples() : null;
            using var self = Process.GetCurrentProcess();
            var cpu = self.TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++) await call();
            var elapsed = clock.Elapsed;
            self.Refresh();
            cpu = self.TotalProcessorTime - cpu;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {calls:N0} calls, per call {elapsed.TotalMilliseconds * 1000 / calls:0.0} us wall, {cpu.TotalMilliseconds * 1000 / calls:0.0} us CPU (the process's, less sensitive than wall to other processes) and {(double)allocated / calls:N0} B (all threads, the in-process server's share included)"));
            if (samples is null) return 0;
            Console.WriteLine("Allocation samples by type (share of the sampled bytes, and per call):");
            var total = samples.Bytes.Values.Sum();
            foreach (var (type, bytes) in samples.Bytes.OrderByDescending(s => s.Value).Take(20))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {100.0 * bytes / total,5:0.0}%  {(double)allocated * bytes / total / calls,10:N0} B  {type}"));
            }

            return 0;
        }

        /// <summary>The runtime's GCAllocationTick events (GC keyword, verbose), summed by type.</summary>
        private sealed class AllocationSamples : EventListener
        {
            public ConcurrentDictionary<string, long> Bytes { get; } = new();

            protected override void OnEventSourceCreated(EventSource source)
            {
                if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
            }

            protected override void OnEventWritten(EventWrittenEventArgs e)
            {
                if (e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null) return;
                var names = e.PayloadNames!;
                var type = e.Payload[names.IndexOf("TypeName")] as string ?? "?";
                var amountIndex = names.IndexOf("AllocationAmount64");
                var amount = amountIndex >= 0 ? Convert.ToInt64(e.Payload[amountIndex], CultureInfo.InvariantCulture) : Convert.ToInt64(e.Payload[names.IndexOf("AllocationAmount")], CultureInfo.InvariantCulture);
                Bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
            }
        }
    }
}
