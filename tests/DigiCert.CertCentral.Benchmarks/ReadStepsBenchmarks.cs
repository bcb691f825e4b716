using System;
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
    /// Utf8JsonReader materializing the same value strings; "Dates" reads the seed list's dates (its
    /// three timestamps, then its two calendar dates, as one JSON array) with the client's own
    /// readers (JsonWire.Timestamp and CalendarDate) against Utf8JsonReader's ISO 8601 readers.
    /// </summary>
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class ReadStepsBenchmarks
    {
        private byte[] _seed = null!;
        private byte[] _large = null!;
        private byte[] _seedDates = null!;
        private int _seedTimestamps;

        [GlobalSetup]
        public void Setup()
        {
            _seed = Payloads.DuplicatesSeed;
            _large = Payloads.DuplicatesLarge;
            // The timestamps (date_created) and calendar dates (valid_from, valid_till) of the seed list.
            var certificates = System.Text.Json.Nodes.JsonNode.Parse(_seed)!["certificates"]!.AsArray();
            var timestamps = certificates.Select(c => (string)c!["date_created"]!).ToArray();
            var calendarDates = certificates.SelectMany(c => new[] { c!["valid_from"], c["valid_till"] }).Where(d => d != null).Select(d => (string)d!);
            _seedTimestamps = timestamps.Length;
            _seedDates = Encoding.UTF8.GetBytes("[" + string.Join(",", timestamps.Concat(calendarDates).Select(d => "\"" + d + "\"")) + "]");
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
            var reader = new Utf8JsonReader(_seedDates);
            reader.Read();
            for (var i = 0; reader.Read() && reader.TokenType == JsonTokenType.String; i++)
            {
                sum += i < _seedTimestamps ? reader.GetDateTimeOffset().UtcTicks : reader.GetDateTime().Ticks;
            }

            return sum;
        }

        [Benchmark, BenchmarkCategory("seed")]
        public long Client_Steps_Seed_Dates()
        {
            long sum = 0;
            using var reader = ClientInternals.CreateReader(_seedDates);
            reader.Read();
            for (var i = 0; reader.Read() && reader.TokenType == JsonToken.String; i++)
            {
                sum += i < _seedTimestamps ? ClientInternals.Timestamp(reader)!.Value.UtcTicks : ClientInternals.CalendarDate(reader)!.Value.Ticks;
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
