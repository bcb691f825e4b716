using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using DigiCert.CertCentral.Redis.Tests.Servers;
using DigiCert.CertCentral.Tests;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace DigiCert.CertCentral.Redis.Tests.Fleet
{
    /// <summary>Fleet tests measure time: they run one at a time, after the others.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public class FleetCollection
    {
        public const string Name = "Fleet of processes";
    }

    /// <summary>
    /// Separate processes sharing one API key and one redis-server, against a server that enforces
    /// the windows exactly on arrival (CertCentral's 100 per 5 s and 1000 per 3 min, scaled down to
    /// 10 per 1 s and 40 per 6 s, or 1.5 times that where the total time is measured). Each process runs the FleetPacing sample (the command
    /// line), the test host (this assembly, for what the sample has no option for) or the Node.js
    /// participant; each has a time limit.
    /// </summary>
    [Collection(FleetCollection.Name)]
    public class FleetTests
    {
        private static readonly RequestRateLimit[] Limits = { new RequestRateLimit(10, TimeSpan.FromSeconds(1)), new RequestRateLimit(40, TimeSpan.FromSeconds(6)) };
        private static readonly TimeSpan ArrivalJitter = TimeSpan.FromMilliseconds(20);
        private static readonly TimeSpan ChildLimit = TimeSpan.FromSeconds(60);
        private readonly ITestOutputHelper _output;

        public FleetTests(ITestOutputHelper output) => _output = output;

        private static string NewApiKey(string label) => label + Guid.NewGuid().ToString("N").ToUpperInvariant();

        private async Task<List<JsonElement>> FinishAsync(IEnumerable<Child> children, TimeSpan? limit = null)
        {
            var summaries = new List<JsonElement>();
            foreach (var child in children)
            {
                var (exitCode, summary) = await child.WaitAsync(limit ?? ChildLimit);
                _output.WriteLine(child.ToString());
                Assert.True(exitCode == 0, $"{child.Name} exited with {exitCode}: {child.Stderr}");
                Assert.True(summary.HasValue, $"{child.Name} printed no JSON line: {child.Stdout}");
                summaries.Add(summary!.Value);
            }

            return summaries;
        }

        private static int Sum(IEnumerable<JsonElement> summaries, string field) => summaries.Sum(s => s.GetProperty(field).GetInt32());

        [Fact]
        public async Task Four_processes_sharing_a_key_draw_no_429_and_finish_within_1_2x_the_fastest_the_limits_allow()
        {
            // Windows 1.5 times the others': a process's first exchanges are slow (the client's
            // cold start), and a request counts from the end of its exchange, so each process adds
            // a fixed delay to the chain of windows; longer windows keep it a small part of the total.
            var limits = new[] { new RequestRateLimit(10, TimeSpan.FromMilliseconds(1500)), new RequestRateLimit(40, TimeSpan.FromSeconds(9)) };
            await using var redis = await RedisServer.StartAsync();
            await using var server = await RateLimitedServer.StartAsync(limits, ArrivalJitter);
            var apiKey = NewApiKey("FLEET");
            const int calls = 15;

            // Each process asks for its own order, so that the server's timeline tells them apart.
            var children = Enumerable.Range(1, 4).Select(i => Child.Sample($"sample {i}", Child.Options(server.BaseUri, apiKey, redis.EndPoint, limits, calls, orderId: i))).ToList();
            List<JsonElement> summaries;
            try
            {
                summaries = await FinishAsync(children);
            }
            finally
            {
                children.ForEach(c => c.Dispose());
            }

            Assert.Equal(4 * calls, Sum(summaries, "ok"));
            Assert.Empty(server.Rejected);
            Assert.Equal(4 * calls, server.Accepted.Count);
            var minimum = RateLimitedServer.MinimumSpan(4 * calls, limits);
            var ratio = server.Span / minimum;
            _output.WriteLine($"first to last arrival {server.Span.TotalMilliseconds:0} ms; the limits allow {minimum.TotalMilliseconds:0} ms at best: {ratio:0.000}x");
            _output.WriteLine("arrivals (ms from the first, #process):\n" + server.Timeline());
            Assert.True(ratio <= 1.2, $"the burst took {ratio:0.000}x the fastest the limits allow");

            // And Redis holds no trace of the key (the processes derived the same identifier from it).
            using var connection = await ConnectionMultiplexer.ConnectAsync(redis.EndPoint + ",allowAdmin=true");
            var stored = await RedisContents.DumpAsync(connection, redis.EndPoint);
            Assert.Contains(new DigiCert.CertCentral.Pacing.PacingKey(apiKey).Id, stored, StringComparison.Ordinal);
            foreach (var form in RedisContents.FormsOf(apiKey)) Assert.DoesNotContain(form, stored, StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public async Task The_same_burst_paced_per_process_draws_429s()
        {
            await using var server = await RateLimitedServer.StartAsync(Limits, ArrivalJitter);
            var apiKey = NewApiKey("ALONE");

            // Each process with its own in-process pacer, as before this add-on; no retries, so that it ends soon.
            var children = Enumerable.Range(1, 4).Select(i => Child.Host($"host {i} (local pacer)",
                new[] { "--pacer", "local", "--max-retries", "0" }.Concat(Child.Options(server.BaseUri, apiKey, "unused:0", Limits, 15)).ToArray())).ToList();
            List<JsonElement> summaries;
            try
            {
                summaries = await FinishAsync(children);
            }
            finally
            {
                children.ForEach(c => c.Dispose());
            }

            _output.WriteLine($"{server.Rejected.Count} x 429, {server.Accepted.Count} accepted");
            Assert.NotEmpty(server.Rejected);
            Assert.True(summaries.Sum(s => s.GetProperty("errors").TryGetProperty("request_limit_exceeded", out var count) ? count.GetInt32() : 0) > 0);
        }

        [Fact]
        public async Task A_process_killed_mid_exchange_blocks_the_others_only_until_its_leases_run_out()
        {
            await using var redis = await RedisServer.StartAsync();
            const long hangingOrder = 666;
            var limits = new[] { new RequestRateLimit(4, TimeSpan.FromMilliseconds(500)), new RequestRateLimit(20, TimeSpan.FromSeconds(3)) };
            await using var server = await RateLimitedServer.StartAsync(limits, TimeSpan.Zero, hangingOrder);
            var apiKey = NewApiKey("KILLED");
            var lease = TimeSpan.FromMilliseconds(1500);

            // The victim takes the whole short window's permits, for requests the server never answers.
            using var victim = Child.Host("victim", new[] { "--lease", ((int)lease.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) }
                .Concat(Child.Options(server.BaseUri, apiKey, redis.EndPoint, limits, calls: 4, concurrency: 4, orderId: hangingOrder)).ToArray());
            var waited = Stopwatch.StartNew();
            while (server.Hanging < 4)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"the victim did not get its 4 requests out: {victim}");
                await Task.Delay(20);
            }

            var survivors = Enumerable.Range(1, 3).Select(i => Child.Sample($"survivor {i}", Child.Options(server.BaseUri, apiKey, redis.EndPoint, limits, calls: 4))).ToList();
            try
            {
                // While the victim lives, it renews its leases: nobody else gets a permit, however long.
                await Task.Delay(lease * 2);
                Assert.Equal(4, server.Accepted.Count);

                victim.Kill();
                var killed = server.Now;
                var summaries = await FinishAsync(survivors);

                Assert.Equal(12, Sum(summaries, "ok"));
                Assert.Empty(server.Rejected);
                var firstAfter = server.Accepted.Skip(4).Min() - killed;
                _output.WriteLine($"the survivors' first request arrived {firstAfter.TotalMilliseconds:0} ms after the kill (lease {lease.TotalMilliseconds:0} ms)");
                Assert.True(firstAfter <= lease + TimeSpan.FromSeconds(3), $"the survivors waited {firstAfter} after the kill");
            }
            finally
            {
                survivors.ForEach(c => c.Dispose());
            }

            // The dead leases ran out and left the in-flight set.
            using var connection = await ConnectionMultiplexer.ConnectAsync(redis.EndPoint);
            Assert.Equal(0, await connection.GetDatabase().SortedSetLengthAsync(RedisRequestPacerOptions.DefaultKeyPrefix + "{" + new DigiCert.CertCentral.Pacing.PacingKey(apiKey).Id + "}:inflight"));
        }

        [Fact]
        public async Task Redis_stopped_mid_run_fails_the_rest_with_a_typed_error_soon_and_nothing_goes_unpaced()
        {
            await using var redis = await RedisServer.StartAsync(); // stopped in the middle of the test; disposing again is harmless
            await using var server = await RateLimitedServer.StartAsync(Limits, ArrivalJitter);
            var apiKey = NewApiKey("STOPPED");

            var children = Enumerable.Range(1, 4).Select(i => Child.Sample($"sample {i}", Child.Options(server.BaseUri, apiKey, redis.EndPoint, Limits, 15))).ToList();
            try
            {
                var waited = Stopwatch.StartNew();
                while (server.Accepted.Count < 15)
                {
                    Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the burst did not start");
                    await Task.Delay(10);
                }

                await redis.DisposeAsync();
                var stopped = server.Now;
                var ending = Stopwatch.StartNew();
                var summaries = await FinishAsync(children, TimeSpan.FromSeconds(40));
                _output.WriteLine($"all ended {ending.Elapsed.TotalMilliseconds:0} ms after Redis stopped");

                Assert.True(ending.Elapsed < TimeSpan.FromSeconds(20), $"the processes took {ending.Elapsed} to end without Redis");
                Assert.Equal(60, Sum(summaries, "ok") + Sum(summaries, "failed"));
                Assert.True(Sum(summaries, "failed") > 0);
                Assert.All(summaries, s => Assert.All(s.GetProperty("errors").EnumerateObject(), e => Assert.Equal("RedisPacingException", e.Name)));
                // Only permits granted before the stop were used: nothing arrived later than their exchanges.
                Assert.Empty(server.Rejected);
                Assert.All(server.Accepted, t => Assert.True(t <= stopped + TimeSpan.FromMilliseconds(500), $"a request arrived {t - stopped} after Redis stopped"));
            }
            finally
            {
                children.ForEach(c => c.Dispose());
            }
        }

        [Fact]
        public async Task A_Node_js_participant_takes_its_permits_from_the_same_budget()
        {
            await NpmTools.EnsureInstalledAsync();
            await using var redis = await RedisServer.StartAsync();
            await using var server = await RateLimitedServer.StartAsync(Limits, ArrivalJitter);
            var apiKey = NewApiKey("POLYGLOT");

            var children = new List<Child>
            {
                Child.Node("node participant", Child.Options(server.BaseUri, apiKey, redis.EndPoint, Limits, calls: 12)),
                Child.Sample("sample 1", Child.Options(server.BaseUri, apiKey, redis.EndPoint, Limits, calls: 12)),
                Child.Sample("sample 2", Child.Options(server.BaseUri, apiKey, redis.EndPoint, Limits, calls: 12)),
            };
            List<JsonElement> summaries;
            try
            {
                summaries = await FinishAsync(children);
            }
            finally
            {
                children.ForEach(c => c.Dispose());
            }

            Assert.Equal(36, Sum(summaries, "ok"));
            Assert.Empty(server.Rejected);
            var agents = server.AcceptedUserAgents;
            Assert.Equal(12, agents.Count(a => a == "certcentral-pacing-node"));
            var minimum = RateLimitedServer.MinimumSpan(36, Limits);
            _output.WriteLine($"36 requests (12 from Node.js) in {server.Span.TotalMilliseconds:0} ms; the limits allow {minimum.TotalMilliseconds:0} ms at best");
            Assert.True(server.Span >= minimum - TimeSpan.FromMilliseconds(50), "faster than the limits allow");
        }

        [Fact]
        public async Task With_Redis_unreachable_the_sample_ends_within_30_seconds_with_a_clear_error()
        {
            await using var server = await RateLimitedServer.StartAsync(Limits, TimeSpan.Zero);
            var closedPort = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            closedPort.Start();
            var port = ((System.Net.IPEndPoint)closedPort.LocalEndpoint).Port;
            closedPort.Stop();
            var apiKey = NewApiKey("UNREACHABLE");

            using var sample = Child.Sample("sample", Child.Options(server.BaseUri, apiKey, "127.0.0.1:" + port, Limits, 15));
            var running = Stopwatch.StartNew();
            var (exitCode, summary) = await sample.WaitAsync(TimeSpan.FromSeconds(30));
            _output.WriteLine($"{sample} after {running.ElapsedMilliseconds} ms");

            Assert.NotEqual(0, exitCode);
            Assert.Null(summary);
            Assert.StartsWith("error: cannot connect to Redis at 127.0.0.1:" + port, sample.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(apiKey, sample.Stderr + sample.Stdout, StringComparison.Ordinal);
            Assert.Empty(server.Accepted);
        }
    }
}
