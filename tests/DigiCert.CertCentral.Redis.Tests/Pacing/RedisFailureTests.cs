using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Redis.Tests.Servers;
using Xunit.Abstractions;

namespace DigiCert.CertCentral.Redis.Tests.Pacing
{
    /// <summary>Redis unreachable: a typed error within a bounded time, and nothing sent unpaced.</summary>
    public class RedisFailureTests
    {
        private readonly ITestOutputHelper _output;

        public RedisFailureTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task With_Redis_gone_a_permit_fails_with_a_typed_error_within_the_timeout_and_a_waiter_fails_too()
        {
            await using var redis = await RedisServer.StartAsync(); // stopped in the middle of the test; disposing again is harmless
            using var connection = await PacerKit.ConnectAsync(redis);
            var key = PacerKit.NewKey("GONE");
            var options = PacerKit.Options(null, PacerKit.Limit(1, 60_000));
            options.RedisTimeout = TimeSpan.FromSeconds(1);
            using var pacer = new RedisRequestPacer(connection, options);
            var held = await pacer.AcquireAsync(key, PacerKit.Deadline);
            var waiter = pacer.AcquireAsync(key, PacerKit.Deadline).AsTask(); // waits a minute for the window
            await Task.Delay(200);

            await redis.DisposeAsync();
            var failing = Stopwatch.StartNew();

            var waiterFailure = await Assert.ThrowsAsync<RedisPacingException>(() => waiter.WaitAsync(TimeSpan.FromSeconds(30)));
            var afterWaiter = failing.Elapsed;
            var failure = await Assert.ThrowsAsync<RedisPacingException>(async () => await pacer.AcquireAsync(PacerKit.NewKey("GONE2"), PacerKit.Deadline));
            _output.WriteLine($"waiter failed after {afterWaiter}: {waiterFailure.Message}");
            _output.WriteLine($"a new permit failed after {failing.Elapsed - afterWaiter}: {failure.Message}");
            Assert.True(afterWaiter < TimeSpan.FromSeconds(10), $"the waiter failed only after {afterWaiter}");
            Assert.True(failing.Elapsed - afterWaiter < TimeSpan.FromSeconds(5), "a new permit took longer than the timeout to fail");
            Assert.StartsWith("The Redis pacer could not", failure.Message, StringComparison.Ordinal);
            held.Dispose(); // giving back fails quietly
        }

        [Fact]
        public async Task The_client_fails_a_call_unsent_when_the_pacer_cannot_reach_Redis()
        {
            await using var redis = await RedisServer.StartAsync(); // stopped in the middle of the test; disposing again is harmless
            using var connection = await PacerKit.ConnectAsync(redis);
            await redis.DisposeAsync();
            var options = PacerKit.Options(null, PacerKit.Limit(10, 1000));
            options.RedisTimeout = TimeSpan.FromSeconds(1);
            using var pacer = new RedisRequestPacer(connection, options);
            await using var server = await RateLimitedServer.StartAsync(new[] { PacerKit.Limit(10, 1000) }, TimeSpan.Zero);
            using var client = new CertCentralClient(new CertCentralClientOptions { ApiKey = "UNSENT" + Guid.NewGuid().ToString("N"), BaseUri = server.BaseUri, Pacer = pacer });
            var calling = Stopwatch.StartNew();

            var failure = await Assert.ThrowsAsync<CertCentralException>(() => client.ListDuplicateCertificatesAsync(1));

            Assert.IsType<RedisPacingException>(failure.InnerException);
            Assert.Equal(0, failure.Status);
            Assert.Empty(server.Accepted);
            Assert.True(calling.Elapsed < TimeSpan.FromSeconds(10), $"the call took {calling.Elapsed} to fail");
        }
    }
}
