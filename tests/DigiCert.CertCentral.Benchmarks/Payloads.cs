using System;
using System.IO;
using System.Linq;
using System.Text;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.Benchmarks
{
    /// <summary>The fixed response bodies the benchmarks are served.</summary>
    public static class Payloads
    {
        public const int LargeCount = 10_000;

        public static byte[] DuplicatesSeed { get; } = Recording("listDuplicateCertificates.seed.json");

        public static byte[] KeyInfoSeed { get; } = Recording("getKeyInfo.acmeUrl.json");

        public static byte[] ValidationsSeed { get; } = Recording("getOrganizationValidations.seed.json");

        /// <summary>The three seed recordings at the paths the benchmarks call (order 1, key 15, organization 1).</summary>
        public static System.Collections.Generic.IReadOnlyDictionary<string, byte[]> SeedBodies => new System.Collections.Generic.Dictionary<string, byte[]>
        {
            ["/services/v2/order/certificate/1/duplicate"] = DuplicatesSeed,
            ["/services/v2/key/15"] = KeyInfoSeed,
            ["/services/v2/organization/1/validation"] = ValidationsSeed,
        };

        /// <summary>10,000 issued duplicates with realistic field sizes: a 2048-bit CSR each (about 21 MiB).</summary>
        public static byte[] DuplicatesLarge => Duplicates(LargeCount);

        /// <summary>
        /// <paramref name="count"/> generated duplicates (3, 10,000 or 50,000 in the suite), each the
        /// same shape, so that cost per certificate can be compared across sizes; the first
        /// <c>n</c> of every list are the same. Built once per size and process.
        /// </summary>
        public static byte[] Duplicates(int count) => Generated.GetOrAdd(count, static n => new Lazy<byte[]>(() => BuildLarge(n))).Value;

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Lazy<byte[]>> Generated = new();

        private static byte[] Recording(string name) => File.ReadAllBytes(Path.Combine(RepoRoot(), "tests", "recordings", "__files", name));

        private static byte[] BuildLarge(int count)
        {
            var random = new Random(42);
            string Hex(int bytes) => string.Concat(Enumerable.Range(0, bytes).Select(_ => random.Next(256).ToString("X2")));
            string Csr()
            {
                var der = new byte[1000]; // a 2048-bit RSA CSR with a few subject fields is about 1 KB of DER
                random.NextBytes(der);
                var base64 = Convert.ToBase64String(der);
                var lines = Enumerable.Range(0, (base64.Length + 63) / 64).Select(i => base64.Substring(i * 64, Math.Min(64, base64.Length - i * 64)));
                return "-----BEGIN CERTIFICATE REQUEST-----\n" + string.Join("\n", lines) + "\n-----END CERTIFICATE REQUEST-----";
            }

            var template = (JObject)JObject.Parse(Encoding.UTF8.GetString(DuplicatesSeed))["certificates"]![0]!;
            var certificates = new JArray();
            for (var i = 0; i < count; i++)
            {
                var certificate = (JObject)template.DeepClone();
                certificate["id"] = 100000 + i;
                certificate["thumbprint"] = Hex(20);
                certificate["serial_number"] = Hex(16);
                certificate["common_name"] = $"host{i}.example.com";
                certificate["dns_names"] = new JArray($"www.host{i}.example.com", $"api.host{i}.example.com");
                certificate["csr"] = Csr();
                certificate["public_id"] = Hex(24);
                certificate["sub_id"] = (1000 + i).ToString();
                certificates.Add(certificate);
            }

            return Encoding.UTF8.GetBytes(new JObject { ["certificates"] = certificates }.ToString(Newtonsoft.Json.Formatting.None));
        }

        private static string RepoRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DigiCert.Generated.sln"))) return dir.FullName;
            }

            throw new InvalidOperationException("Run the benchmarks from inside the repository.");
        }
    }
}
