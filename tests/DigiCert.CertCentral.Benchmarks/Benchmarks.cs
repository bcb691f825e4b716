using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DigiCert.CertCentral.Redis;
using DigiCert.CertCentral.Redis.Tests.Servers;
using DigiCert.CertCentral.Serialization;
using StackExchange.Redis;

namespace DigiCert.CertCentral.Benchmarks
{
    /// <summary>Shared set-up: the payload server, a raw HttpClient, the reference and this client.</summary>
    public abstract class OverHttp
    {
        protected const string ApiKey = "BENCHMARKKEYPLACEHOLDER0000000000000000000000000";
        protected const int LargeOrder = 2;
        private PayloadServer? _server;
        private RedisServer? _redis;
        private ConnectionMultiplexer? _redisConnection;
        private RedisRequestPacer? _redisPacer;

        protected HttpClient Raw { get; private set; } = null!;
        protected ReferenceClient Reference { get; private set; } = null!;
        protected CertCentralClient Client { get; private set; } = null!;
        protected CertCentralClient PacedClient { get; private set; } = null!;
        protected CertCentralClient RedisPacedClient { get; private set; } = null!;
        protected Uri BaseUri => _server!.BaseUri;

        [GlobalSetup]
        public async Task StartAsync()
        {
            _server = await PayloadServer.StartAsync(new Dictionary<string, byte[]>
            {
                ["/services/v2/order/certificate/1/duplicate"] = Payloads.DuplicatesSeed,
                [$"/services/v2/order/certificate/{LargeOrder}/duplicate"] = Payloads.DuplicatesLarge,
                ["/services/v2/key/15"] = Payloads.KeyInfoSeed,
                ["/services/v2/organization/1/validation"] = Payloads.ValidationsSeed,
            });
            // Same connection limit for everyone (the client's own default is 32).
            Raw = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 });
            Reference = new ReferenceClient(Raw, BaseUri, ApiKey);
            Client = new CertCentralClient(Options(paced: false));
            PacedClient = new CertCentralClient(Options(paced: true));
            // Paced through a redis-server on loopback, with limits that never make a call wait:
            // what taking and giving back a permit in Redis costs.
            _redis = await RedisServer.StartAsync();
            _redisConnection = await ConnectionMultiplexer.ConnectAsync(_redis.EndPoint);
            var pacerOptions = new RedisRequestPacerOptions();
            pacerOptions.Limits.Clear();
            pacerOptions.Limits.Add(new RequestRateLimit(int.MaxValue, TimeSpan.FromSeconds(1)));
            _redisPacer = new RedisRequestPacer(_redisConnection, pacerOptions);
            var redisPaced = Options(paced: false);
            redisPaced.Pacer = _redisPacer;
            RedisPacedClient = new CertCentralClient(redisPaced);
        }

        [GlobalCleanup]
        public async Task StopAsync()
        {
            Client.Dispose();
            PacedClient.Dispose();
            RedisPacedClient.Dispose();
            _redisPacer!.Dispose();
            _redisConnection!.Dispose();
            await _redis!.DisposeAsync();
            Raw.Dispose();
            await _server!.DisposeAsync();
        }

        private CertCentralClientOptions Options(bool paced)
        {
            var options = new CertCentralClientOptions { ApiKey = ApiKey, BaseUri = BaseUri, MaxConnections = 64 };
            options.RateLimits.Clear();
            // Pacing on, with limits so high they never make a call wait: what the limiter itself costs.
            if (paced) options.RateLimits.Add(new RequestRateLimit(int.MaxValue, TimeSpan.FromSeconds(1)));
            return options;
        }
    }

    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class CallBenchmarks : OverHttp
    {
        [Benchmark(Baseline = true), BenchmarkCategory("1 seed payloads")]
        public Task<long> Floor_Duplicates_Seed() => Floor.GetAsync(Raw, new Uri(BaseUri, "order/certificate/1/duplicate"), ApiKey);

        [Benchmark, BenchmarkCategory("1 seed payloads")]
        public Task<RefDuplicateCertificateList> Reference_Duplicates_Seed() => Reference.ListDuplicateCertificatesAsync(1);

        [Benchmark, BenchmarkCategory("1 seed payloads")]
        public Task<DuplicateCertificateList> Client_Duplicates_Seed() => Client.ListDuplicateCertificatesAsync(1);

        [Benchmark, BenchmarkCategory("1 seed payloads")]
        public Task<DuplicateCertificateList> Client_Duplicates_Seed_Paced() => PacedClient.ListDuplicateCertificatesAsync(1);

        [Benchmark, BenchmarkCategory("1 seed payloads")]
        public Task<DuplicateCertificateList> Client_Duplicates_Seed_RedisPaced() => RedisPacedClient.ListDuplicateCertificatesAsync(1);

        [Benchmark, BenchmarkCategory("1 seed payloads")]
        public Task<RefKeyInfo> Reference_KeyInfo_Seed() => Reference.GetKeyInfoAsync(15);

        [Benchmark, BenchmarkCategory("1 seed payloads")]
        public Task<KeyInfo> Client_KeyInfo_Seed() => Client.GetKeyInfoAsync(15);

        [Benchmark, BenchmarkCategory("1 seed payloads")]
        public Task<RefValidationList> Reference_Validations_Seed() => Reference.GetOrganizationValidationsAsync(1);

        [Benchmark, BenchmarkCategory("1 seed payloads")]
        public Task<OrganizationValidationList> Client_Validations_Seed() => Client.GetOrganizationValidationsAsync(1);

        [Benchmark(Baseline = true), BenchmarkCategory("2 10,000 certificates")]
        public Task<long> Floor_Duplicates_Large() => Floor.GetAsync(Raw, new Uri(BaseUri, $"order/certificate/{LargeOrder}/duplicate"), ApiKey);

        [Benchmark, BenchmarkCategory("2 10,000 certificates")]
        public Task<RefDuplicateCertificateList> Reference_Duplicates_Large() => Reference.ListDuplicateCertificatesAsync(LargeOrder);

        [Benchmark, BenchmarkCategory("2 10,000 certificates")]
        public Task<DuplicateCertificateList> Client_Duplicates_Large() => Client.ListDuplicateCertificatesAsync(LargeOrder);
    }

    public class ConcurrencyBenchmarks : OverHttp
    {
        private const int Callers = 64;

        [Benchmark(Baseline = true, OperationsPerInvoke = Callers)]
        public Task Floor_64Callers() => Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Floor.GetAsync(Raw, new Uri(BaseUri, "order/certificate/1/duplicate"), ApiKey)));

        [Benchmark(OperationsPerInvoke = Callers)]
        public Task Reference_64Callers() => Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Reference.ListDuplicateCertificatesAsync(1)));

        [Benchmark(OperationsPerInvoke = Callers)]
        public Task Client_64Callers() => Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Client.ListDuplicateCertificatesAsync(1)));
    }
}
