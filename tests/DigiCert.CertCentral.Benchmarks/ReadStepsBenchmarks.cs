using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DigiCert.CertCentral.Benchmarks.Peers;
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Benchmarks
{
    /// <summary>
    /// A profiling aid, not a target: where this client's read of a body goes, step by step, each
    /// step beside what System.Text.Json does for the same step (the reference's row).
    /// "Steps" is the whole read (the client's call path against the reference's deserializer);
    /// "Tokens" is the tokenizer alone, the client's own reader settings over its own decoding
    /// TextReader (JsonTextReader with pooled buffers and the shared property-name table) against
    /// Utf8JsonReader materializing the same value strings; "Dates" parses the dates the list holds
    /// as the client does (JsonWire: DateTimeOffset.TryParse for timestamps, DateTime.TryParseExact
    /// for calendar dates) against Utf8JsonReader's ISO 8601 readers.
    /// </summary>
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class ReadStepsBenchmarks
    {
        private byte[] _seed = null!;
        private byte[] _large = null!;
        private string[] _seedDates = null!;
        private string[] _seedCalendarDates = null!;
        private byte[][] _seedDatesUtf8 = null!;
        private byte[][] _seedCalendarDatesUtf8 = null!;

        [GlobalSetup]
        public void Setup()
        {
            _seed = Payloads.DuplicatesSeed;
            _large = Payloads.DuplicatesLarge;
            // The timestamps (date_created) and calendar dates (valid_from, valid_till) of the seed list.
            var certificates = System.Text.Json.Nodes.JsonNode.Parse(_seed)!["certificates"]!.AsArray();
            _seedDates = certificates.Select(c => (string)c!["date_created"]!).ToArray();
            _seedCalendarDates = certificates.SelectMany(c => new[] { c!["valid_from"], c["valid_till"] }).Where(d => d != null).Select(d => (string)d!).ToArray();
            _seedDatesUtf8 = _seedDates.Select(d => Encoding.UTF8.GetBytes("\"" + d + "\"")).ToArray();
            _seedCalendarDatesUtf8 = _seedCalendarDates.Select(d => Encoding.UTF8.GetBytes("\"" + d + "\"")).ToArray();
            if (Client_Steps_Seed_Tokens() != Reference_Steps_Seed_Tokens()) throw new InvalidOperationException("The two tokenizers read different token counts.");
            if (Client_Steps_Seed_Dates() != Reference_Steps_Seed_Dates()) throw new InvalidOperationException("The two date readers read different dates.");
        }

        [Benchmark(Baseline = true), BenchmarkCategory("seed")]
        public RefDuplicateCertificateList Reference_Steps_Seed() => System.Text.Json.JsonSerializer.Deserialize(_seed, ReferenceJson.Default.RefDuplicateCertificateList)!;

        [Benchmark, BenchmarkCategory("seed")]
        public DuplicateCertificateList Client_Steps_Seed() => ClientInternals.ReadDuplicates(_seed);

        [Benchmark, BenchmarkCategory("seed")]
        public int Reference_Steps_Seed_Tokens() => Utf8Tokens(_seed);

        [Benchmark, BenchmarkCategory("seed")]
        public int Client_Steps_Seed_Tokens() => NewtonsoftTokens(_seed);

        [Benchmark, BenchmarkCategory("seed")]
        public long Reference_Steps_Seed_Dates()
        {
            long sum = 0;
            foreach (var date in _seedDatesUtf8)
            {
                var reader = new Utf8JsonReader(date);
                reader.Read();
                sum += reader.GetDateTimeOffset().UtcTicks;
            }

            foreach (var date in _seedCalendarDatesUtf8)
            {
                var reader = new Utf8JsonReader(date);
                reader.Read();
                sum += reader.GetDateTime().Ticks;
            }

            return sum;
        }

        [Benchmark, BenchmarkCategory("seed")]
        public long Client_Steps_Seed_Dates()
        {
            long sum = 0;
            foreach (var date in _seedDates)
            {
                DateTimeOffset.TryParse(date.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed);
                sum += parsed.UtcTicks;
            }

            foreach (var date in _seedCalendarDates)
            {
                DateTime.TryParseExact(date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed);
                sum += parsed.Ticks;
            }

            return sum;
        }

        [Benchmark(Baseline = true), BenchmarkCategory("10,000 certificates")]
        public RefDuplicateCertificateList Reference_Steps_Large() => System.Text.Json.JsonSerializer.Deserialize(_large, ReferenceJson.Default.RefDuplicateCertificateList)!;

        [Benchmark, BenchmarkCategory("10,000 certificates")]
        public DuplicateCertificateList Client_Steps_Large() => ClientInternals.ReadDuplicates(_large);

        [Benchmark, BenchmarkCategory("10,000 certificates")]
        public int Reference_Steps_Large_Tokens() => Utf8Tokens(_large);

        [Benchmark, BenchmarkCategory("10,000 certificates")]
        public int Client_Steps_Large_Tokens() => NewtonsoftTokens(_large);

        /// <summary>Every token, with the value strings a deserializer keeps (property names are not materialized by either).</summary>
        private static int Utf8Tokens(byte[] body)
        {
            var reader = new Utf8JsonReader(body);
            var count = 0;
            while (reader.Read())
            {
                count++;
                if (reader.TokenType == JsonTokenType.String) GC.KeepAlive(reader.GetString());
            }

            return count;
        }

        private static int NewtonsoftTokens(byte[] body)
        {
            using var reader = ClientInternals.CreateReader(body);
            var count = 0;
            while (reader.Read()) count++;
            return count;
        }
    }
}
