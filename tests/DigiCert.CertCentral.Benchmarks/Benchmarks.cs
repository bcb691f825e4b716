using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DigiCert.CertCentral.Benchmarks.Peers;
using DigiCert.CertCentral.Redis;
using DigiCert.CertCentral.Redis.Tests.Servers;
using StackExchange.Redis;
using Kiota = DigiCert.CertCentral.OtherClients.Kiota.Models;
using NSwag = DigiCert.CertCentral.OtherClients.NSwag;

namespace DigiCert.CertCentral.Benchmarks
{
    // Row names are <client>_<case>[_<variant>]: Floor, Reference, Client (this package), Refit,
    // NSwag, Kiota. RatioToReferenceColumn divides each row by Reference_<case> of the same class
    // and parameters, so a new row needs no other change.

    /// <summary>The seed recordings over HTTP, one call at a time: every client, every operation.</summary>
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class CallBenchmarks
    {
        private PayloadServer? _server;
        private Clients _c = null!;
        private CertCentralClient _paced = null!;
        private RedisServer? _redis;
        private ConnectionMultiplexer? _redisConnection;
        private RedisRequestPacer? _redisPacer;
        private CertCentralClient _redisPaced = null!;

        [GlobalSetup]
        public async Task StartAsync()
        {
            _server = await PayloadServer.StartAsync(Payloads.SeedBodies);
            _c = new Clients(_server.BaseUri);
            _paced = new CertCentralClient(Options(paced: true));
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
            _redisPaced = new CertCentralClient(redisPaced);
            await ReadChecks.SeedsAsync(_c);
        }

        [GlobalCleanup]
        public async Task StopAsync()
        {
            _c.Dispose();
            _paced.Dispose();
            _redisPaced.Dispose();
            _redisPacer!.Dispose();
            _redisConnection!.Dispose();
            await _redis!.DisposeAsync();
            await _server!.DisposeAsync();
        }

        private CertCentralClientOptions Options(bool paced)
        {
            var options = new CertCentralClientOptions { ApiKey = Clients.ApiKey, BaseUri = _server!.BaseUri, MaxConnections = Clients.Connections };
            options.RateLimits.Clear();
            // Pacing on, with limits so high they never make a call wait: what the limiter itself costs.
            if (paced) options.RateLimits.Add(new RequestRateLimit(int.MaxValue, TimeSpan.FromSeconds(1)));
            return options;
        }

        private const string Duplicates = "1 duplicates, seed";
        private const string KeyInfo = "2 key info, seed";
        private const string Validations = "3 validations, seed";

        [Benchmark(Baseline = true), BenchmarkCategory(Duplicates)]
        public Task<long> Floor_Duplicates_Seed() => Floor.GetAsync(_c.Raw, new Uri(_server!.BaseUri, "order/certificate/1/duplicate"), Clients.ApiKey);

        [Benchmark, BenchmarkCategory(Duplicates)]
        public Task<RefDuplicateCertificateList> Reference_Duplicates_Seed() => _c.Reference.ListDuplicateCertificatesAsync(1);

        [Benchmark, BenchmarkCategory(Duplicates)]
        public Task<DuplicateCertificateList> Client_Duplicates_Seed() => _c.Client.ListDuplicateCertificatesAsync(1);

        [Benchmark, BenchmarkCategory(Duplicates)]
        public Task<DuplicateCertificateList> Client_Duplicates_Seed_Paced() => _paced.ListDuplicateCertificatesAsync(1);

        [Benchmark, BenchmarkCategory(Duplicates)]
        public Task<DuplicateCertificateList> Client_Duplicates_Seed_RedisPaced() => _redisPaced.ListDuplicateCertificatesAsync(1);

        [Benchmark, BenchmarkCategory(Duplicates)]
        public Task<RefitDuplicateCertificateList> Refit_Duplicates_Seed() => _c.Refit.ListDuplicateCertificatesAsync(1);

        [Benchmark, BenchmarkCategory(Duplicates)]
        public Task<NSwag.DuplicateCertificateList> NSwag_Duplicates_Seed() => _c.NSwag.ListDuplicateCertificatesAsync(1, null);

        [Benchmark, BenchmarkCategory(Duplicates)]
        public Task<Kiota.DuplicateCertificateList?> Kiota_Duplicates_Seed() => _c.Kiota.Order.Certificate[1].Duplicate.GetAsync();

        [Benchmark(Baseline = true), BenchmarkCategory(KeyInfo)]
        public Task<long> Floor_KeyInfo_Seed() => Floor.GetAsync(_c.Raw, new Uri(_server!.BaseUri, "key/15"), Clients.ApiKey);

        [Benchmark, BenchmarkCategory(KeyInfo)]
        public Task<RefKeyInfo> Reference_KeyInfo_Seed() => _c.Reference.GetKeyInfoAsync(15);

        [Benchmark, BenchmarkCategory(KeyInfo)]
        public Task<KeyInfo> Client_KeyInfo_Seed() => _c.Client.GetKeyInfoAsync(15);

        [Benchmark, BenchmarkCategory(KeyInfo)]
        public Task<RefitKeyInfo> Refit_KeyInfo_Seed() => _c.Refit.GetKeyInfoAsync(15);

        [Benchmark, BenchmarkCategory(KeyInfo)]
        public Task<NSwag.KeyInfo> NSwag_KeyInfo_Seed() => _c.NSwag.GetKeyInfoAsync(15);

        [Benchmark, BenchmarkCategory(KeyInfo)]
        public Task<Kiota.KeyInfo?> Kiota_KeyInfo_Seed() => _c.Kiota.Key[15].GetAsync();

        [Benchmark(Baseline = true), BenchmarkCategory(Validations)]
        public Task<long> Floor_Validations_Seed() => Floor.GetAsync(_c.Raw, new Uri(_server!.BaseUri, "organization/1/validation"), Clients.ApiKey);

        [Benchmark, BenchmarkCategory(Validations)]
        public Task<RefValidationList> Reference_Validations_Seed() => _c.Reference.GetOrganizationValidationsAsync(1);

        [Benchmark, BenchmarkCategory(Validations)]
        public Task<OrganizationValidationList> Client_Validations_Seed() => _c.Client.GetOrganizationValidationsAsync(1);

        [Benchmark, BenchmarkCategory(Validations)]
        public Task<RefitValidationList> Refit_Validations_Seed() => _c.Refit.GetOrganizationValidationsAsync(1);

        [Benchmark, BenchmarkCategory(Validations)]
        public Task<NSwag.OrganizationValidationList> NSwag_Validations_Seed() => _c.NSwag.GetOrganizationValidationsAsync(1);

        [Benchmark, BenchmarkCategory(Validations)]
        public Task<Kiota.OrganizationValidationList?> Kiota_Validations_Seed() => _c.Kiota.Organization[1].Validation.GetAsync();
    }

    /// <summary>
    /// 64 callers at once, each listing the seed duplicates: per call (OperationsPerInvoke), so
    /// comparable with the one-at-a-time row; what a busy service sees.
    /// </summary>
    public class ConcurrencyBenchmarks
    {
        private const int Callers = 64;
        private PayloadServer? _server;
        private Clients _c = null!;
        private Uri _duplicates = null!;

        [GlobalSetup]
        public async Task StartAsync()
        {
            _server = await PayloadServer.StartAsync(Payloads.SeedBodies);
            _c = new Clients(_server.BaseUri);
            _duplicates = new Uri(_server.BaseUri, "order/certificate/1/duplicate");
            await ReadChecks.SeedsAsync(_c);
        }

        [GlobalCleanup]
        public async Task StopAsync()
        {
            _c.Dispose();
            await _server!.DisposeAsync();
        }

        [Benchmark(Baseline = true, OperationsPerInvoke = Callers)]
        public Task Floor_64Callers() => Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Floor.GetAsync(_c.Raw, _duplicates, Clients.ApiKey)));

        [Benchmark(OperationsPerInvoke = Callers)]
        public Task Reference_64Callers() => Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => _c.Reference.ListDuplicateCertificatesAsync(1)));

        [Benchmark(OperationsPerInvoke = Callers)]
        public Task Client_64Callers() => Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => _c.Client.ListDuplicateCertificatesAsync(1)));

        [Benchmark(OperationsPerInvoke = Callers)]
        public Task Refit_64Callers() => Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => _c.Refit.ListDuplicateCertificatesAsync(1)));

        [Benchmark(OperationsPerInvoke = Callers)]
        public Task NSwag_64Callers() => Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => _c.NSwag.ListDuplicateCertificatesAsync(1, null)));

        [Benchmark(OperationsPerInvoke = Callers)]
        public Task Kiota_64Callers() => Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => _c.Kiota.Order.Certificate[1].Duplicate.GetAsync()));
    }

    /// <summary>
    /// Scale: the duplicates list with 3, 10,000 (about 21 MiB) and 50,000 (about 105 MiB) generated
    /// certificates of the same shape, so time and allocations per certificate (the /cert columns)
    /// show whether cost grows linearly. The 10,000 row is the suite's "10,000 certificates" case.
    /// </summary>
    /// <remarks>
    /// This client is given MaxResponseBytes = 256 MiB here (its default, 32 MiB, refuses the
    /// 50,000 list); the other clients have no bound.
    /// </remarks>
    public class ListBenchmarks
    {
        private PayloadServer? _server;
        private Clients _c = null!;
        private Uri _list = null!;

        [Params(3, 10_000, 50_000)]
        public int Certificates { get; set; }

        [GlobalSetup]
        public async Task StartAsync()
        {
            _server = await PayloadServer.StartAsync(new Dictionary<string, byte[]> { [$"/services/v2/order/certificate/{Certificates}/duplicate"] = Payloads.Duplicates(Certificates) });
            _c = new Clients(_server.BaseUri, maxResponseBytes: 256L * 1024 * 1024);
            _list = new Uri(_server.BaseUri, $"order/certificate/{Certificates}/duplicate");
            await ReadChecks.ListAsync(_c, Certificates, Certificates);
        }

        [GlobalCleanup]
        public async Task StopAsync()
        {
            _c.Dispose();
            await _server!.DisposeAsync();
        }

        [Benchmark(Baseline = true)]
        public Task<long> Floor_List() => Floor.GetAsync(_c.Raw, _list, Clients.ApiKey);

        [Benchmark]
        public Task<RefDuplicateCertificateList> Reference_List() => _c.Reference.ListDuplicateCertificatesAsync(Certificates);

        [Benchmark]
        public Task<DuplicateCertificateList> Client_List() => _c.Client.ListDuplicateCertificatesAsync(Certificates);

        [Benchmark]
        public Task<RefitDuplicateCertificateList> Refit_List() => _c.Refit.ListDuplicateCertificatesAsync(Certificates);

        [Benchmark]
        public Task<NSwag.DuplicateCertificateList> NSwag_List() => _c.NSwag.ListDuplicateCertificatesAsync(Certificates, null);

        [Benchmark]
        public Task<Kiota.DuplicateCertificateList?> Kiota_List() => _c.Kiota.Order.Certificate[Certificates].Duplicate.GetAsync();
    }
}
