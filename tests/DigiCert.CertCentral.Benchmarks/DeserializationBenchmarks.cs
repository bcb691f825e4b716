using System.IO;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DigiCert.CertCentral.Serialization;

namespace DigiCert.CertCentral.Benchmarks
{
    /// <summary>Bytes in memory to models: this client's Newtonsoft.Json models against the reference's.</summary>
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class DeserializationBenchmarks
    {
        [Benchmark(Baseline = true), BenchmarkCategory("seed")]
        public RefDuplicateCertificateList Reference_Deserialize_Seed() => System.Text.Json.JsonSerializer.Deserialize(Payloads.DuplicatesSeed, ReferenceJson.Default.RefDuplicateCertificateList)!;

        [Benchmark, BenchmarkCategory("seed")]
        public DuplicateCertificateList Client_Deserialize_Seed() => CertCentralJson.Deserialize<DuplicateCertificateList>(Payloads.DuplicatesSeed);

        [Benchmark(Baseline = true), BenchmarkCategory("10,000 certificates")]
        public RefDuplicateCertificateList Reference_Deserialize_Large() => System.Text.Json.JsonSerializer.Deserialize(Payloads.DuplicatesLarge, ReferenceJson.Default.RefDuplicateCertificateList)!;

        [Benchmark, BenchmarkCategory("10,000 certificates")]
        public DuplicateCertificateList Client_Deserialize_Large() => CertCentralJson.Deserialize<DuplicateCertificateList>(Payloads.DuplicatesLarge);
    }
}
