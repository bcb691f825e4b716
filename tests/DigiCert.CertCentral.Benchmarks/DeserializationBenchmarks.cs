using System.IO;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DigiCert.CertCentral.Benchmarks.Peers;
using DigiCert.CertCentral.Serialization;
using Microsoft.Kiota.Serialization.Json;
using Newtonsoft.Json;
using Kiota = DigiCert.CertCentral.OtherClients.Kiota.Models;
using NSwag = DigiCert.CertCentral.OtherClients.NSwag;

namespace DigiCert.CertCentral.Benchmarks
{
    /// <summary>
    /// Bytes in memory to models, each client the way its own call path reads a body: this client's
    /// generated Newtonsoft.Json readers (through the public CertCentralJson.Deserialize, which
    /// reaches them through Newtonsoft.Json's serializer and the model's converter, and, in the
    /// _CallPath rows, called directly as the client's calls do), the reference's System.Text.Json source-generated models,
    /// Refit's System.Text.Json with its default (reflection) options, NSwag's generated client
    /// (a Newtonsoft.Json serializer created per body, a StreamReader, OpenValueSets.cs's converter)
    /// and Kiota's parse nodes (a JsonDocument, then the generated field deserializers).
    /// </summary>
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class DeserializationBenchmarks
    {
        private const string Seed = "seed";
        private const string Large = "10,000 certificates";

        // The generated client's settings with OpenValueSets.cs (its UpdateJsonSerializerSettings adds the converter).
        private static readonly JsonSerializerSettings NSwagSettings = new() { Converters = { new NSwag.OpenValueConverter() } };
        private static readonly JsonParseNodeFactory KiotaJson = new();
        private byte[] _seed = null!;
        private byte[] _large = null!;

        [GlobalSetup]
        public async Task SetupAsync()
        {
            _seed = Payloads.DuplicatesSeed;
            _large = Payloads.DuplicatesLarge;
            ReadChecks.Check(Reference_Deserialize_Seed());
            ReadChecks.Check(Client_Deserialize_Seed());
            ReadChecks.Check(Client_Deserialize_Seed_CallPath());
            ReadChecks.Check(Refit_Deserialize_Seed());
            ReadChecks.Check(NSwag_Deserialize_Seed());
            ReadChecks.Check(await Kiota_Deserialize_Seed());
            ReadChecks.Check(Reference_Deserialize_Large(), Payloads.LargeCount);
            ReadChecks.Check(Client_Deserialize_Large(), Payloads.LargeCount);
            ReadChecks.Check(Client_Deserialize_Large_CallPath(), Payloads.LargeCount);
            ReadChecks.Check(Refit_Deserialize_Large(), Payloads.LargeCount);
            ReadChecks.Check(NSwag_Deserialize_Large(), Payloads.LargeCount);
            ReadChecks.Check(await Kiota_Deserialize_Large(), Payloads.LargeCount);
        }

        [Benchmark(Baseline = true), BenchmarkCategory(Seed)]
        public RefDuplicateCertificateList Reference_Deserialize_Seed() => System.Text.Json.JsonSerializer.Deserialize(_seed, ReferenceJson.Default.RefDuplicateCertificateList)!;

        [Benchmark, BenchmarkCategory(Seed)]
        public DuplicateCertificateList Client_Deserialize_Seed() => CertCentralJson.Deserialize<DuplicateCertificateList>(_seed);

        /// <summary>The same reader as this client's calls use: the generated reader called directly (see <see cref="ClientInternals"/>).</summary>
        [Benchmark, BenchmarkCategory(Seed)]
        public DuplicateCertificateList Client_Deserialize_Seed_CallPath() => ClientInternals.ReadDuplicates(_seed);

        [Benchmark, BenchmarkCategory(Seed)]
        public RefitDuplicateCertificateList Refit_Deserialize_Seed() => System.Text.Json.JsonSerializer.Deserialize<RefitDuplicateCertificateList>(_seed, RefitPeer.Options)!;

        [Benchmark, BenchmarkCategory(Seed)]
        public NSwag.DuplicateCertificateList NSwag_Deserialize_Seed() => NSwagRead<NSwag.DuplicateCertificateList>(_seed);

        [Benchmark, BenchmarkCategory(Seed)]
        public Task<Kiota.DuplicateCertificateList> Kiota_Deserialize_Seed() => KiotaReadAsync(_seed);

        [Benchmark(Baseline = true), BenchmarkCategory(Large)]
        public RefDuplicateCertificateList Reference_Deserialize_Large() => System.Text.Json.JsonSerializer.Deserialize(_large, ReferenceJson.Default.RefDuplicateCertificateList)!;

        [Benchmark, BenchmarkCategory(Large)]
        public DuplicateCertificateList Client_Deserialize_Large() => CertCentralJson.Deserialize<DuplicateCertificateList>(_large);

        [Benchmark, BenchmarkCategory(Large)]
        public DuplicateCertificateList Client_Deserialize_Large_CallPath() => ClientInternals.ReadDuplicates(_large);

        [Benchmark, BenchmarkCategory(Large)]
        public RefitDuplicateCertificateList Refit_Deserialize_Large() => System.Text.Json.JsonSerializer.Deserialize<RefitDuplicateCertificateList>(_large, RefitPeer.Options)!;

        [Benchmark, BenchmarkCategory(Large)]
        public NSwag.DuplicateCertificateList NSwag_Deserialize_Large() => NSwagRead<NSwag.DuplicateCertificateList>(_large);

        [Benchmark, BenchmarkCategory(Large)]
        public Task<Kiota.DuplicateCertificateList> Kiota_Deserialize_Large() => KiotaReadAsync(_large);

        /// <summary>What NSwag's generated ReadObjectResponseAsync does with a body stream.</summary>
        private static T NSwagRead<T>(byte[] body)
        {
            using var stream = new MemoryStream(body, writable: false);
            using var streamReader = new StreamReader(stream);
            using var jsonTextReader = new JsonTextReader(streamReader);
            return JsonSerializer.Create(NSwagSettings).Deserialize<T>(jsonTextReader)!;
        }

        /// <summary>What Kiota's request adapter does with a body stream (its default JSON parse node factory).</summary>
        private static async Task<Kiota.DuplicateCertificateList> KiotaReadAsync(byte[] body)
        {
            using var stream = new MemoryStream(body, writable: false);
            var node = await KiotaJson.GetRootParseNodeAsync("application/json", stream);
            return node.GetObjectValue(Kiota.DuplicateCertificateList.CreateFromDiscriminatorValue)!;
        }
    }
}
