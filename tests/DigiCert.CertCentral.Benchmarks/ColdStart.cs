using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace DigiCert.CertCentral.Benchmarks
{
    /// <summary>
    /// Cold start: a new process that makes the three seed calls and exits, this client against the
    /// reference (the floor: a process that starts and exits). The child is this program run with
    /// "coldstart &lt;client|reference|floor&gt; &lt;base URL&gt;", which touches nothing else.
    /// </summary>
    public class ColdStartBenchmarks
    {
        private PayloadServer? _server;

        [GlobalSetup]
        public async Task StartAsync() => _server = await PayloadServer.StartAsync(new Dictionary<string, byte[]>
        {
            ["/services/v2/order/certificate/1/duplicate"] = Payloads.DuplicatesSeed,
            ["/services/v2/key/15"] = Payloads.KeyInfoSeed,
            ["/services/v2/organization/1/validation"] = Payloads.ValidationsSeed,
        });

        [GlobalCleanup]
        public async Task StopAsync() => await _server!.DisposeAsync();

        [Benchmark(Baseline = true)]
        public void Floor_ColdStart() => RunChild("floor");

        [Benchmark]
        public void Reference_ColdStart() => RunChild("reference");

        [Benchmark]
        public void Client_ColdStart() => RunChild("client");

        private void RunChild(string mode)
        {
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
            start.ArgumentList.Add(typeof(ColdStart).Assembly.Location);
            start.ArgumentList.Add("coldstart");
            start.ArgumentList.Add(mode);
            start.ArgumentList.Add(_server!.BaseUri.AbsoluteUri);
            using var child = Process.Start(start)!;
            var output = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            if (child.ExitCode != 0 || !output.Contains("ok", StringComparison.Ordinal)) throw new InvalidOperationException($"The {mode} child failed ({child.ExitCode}): {output}");
        }
    }

    /// <summary>What the cold-start child runs.</summary>
    public static class ColdStart
    {
        private const string ApiKey = "BENCHMARKKEYPLACEHOLDER0000000000000000000000000";

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static async Task<int> RunAsync(string mode, Uri baseUri)
        {
            switch (mode)
            {
                case "client":
                    var options = new CertCentralClientOptions { ApiKey = ApiKey, BaseUri = baseUri };
                    using (var client = new CertCentralClient(options))
                    {
                        await client.ListDuplicateCertificatesAsync(1);
                        await client.GetKeyInfoAsync(15);
                        await client.GetOrganizationValidationsAsync(1);
                    }

                    break;
                case "reference":
                    using (var http = new HttpClient())
                    {
                        var reference = new ReferenceClient(http, baseUri, ApiKey);
                        await reference.ListDuplicateCertificatesAsync(1);
                        await reference.GetKeyInfoAsync(15);
                        await reference.GetOrganizationValidationsAsync(1);
                    }

                    break;
                case "floor":
                    break;
                default:
                    return 2;
            }

            Console.WriteLine("ok");
            return 0;
        }
    }
}
