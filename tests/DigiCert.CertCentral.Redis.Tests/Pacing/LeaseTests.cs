using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using DigiCert.CertCentral.Redis.Tests.Servers;

namespace DigiCert.CertCentral.Redis.Tests.Pacing
{
    /// <summary>Permits are leases: renewed while held, run out when their holder died, given back without waiting.</summary>
    public class LeaseTests
    {
        [Fact]
        public async Task A_holder_that_died_mid_exchange_blocks_the_others_only_until_its_lease_runs_out()
        {
            await using var redis = await RedisServer.StartAsync();
            var lease = TimeSpan.FromMilliseconds(800);
            var key = PacerKit.NewKey("DEAD");
            var dying = await PacerKit.ConnectAsync(redis);
            var dead = new RedisRequestPacer(dying, PacerKit.Options(lease, PacerKit.Limit(1, 100)));
            var held = await dead.AcquireAsync(key, PacerKit.Deadline);
            var died = Stopwatch.StartNew();
            dying.Dispose(); // as a killed process: no release, no renewal (the lease is never disposed)
            using var b = await PacerKit.ConnectAsync(redis);
            using var survivor = new RedisRequestPacer(b, PacerKit.Options(null, PacerKit.Limit(1, 100)));

            (await survivor.AcquireAsync(key, PacerKit.Deadline)).Dispose();

            // It ran out within one lease of the last renewal, and still counted in the window after.
            Assert.InRange(died.Elapsed, lease - lease / 3 - TimeSpan.FromMilliseconds(50), lease + TimeSpan.FromSeconds(3));
            GC.KeepAlive(held);
            dead.Dispose();
        }

        [Fact]
        public async Task A_live_holder_keeps_its_permit_past_the_lease_duration_by_renewing_it()
        {
            await using var redis = await RedisServer.StartAsync();
            using var a = await PacerKit.ConnectAsync(redis);
            using var b = await PacerKit.ConnectAsync(redis);
            var key = PacerKit.NewKey("RENEW");
            using var holder = new RedisRequestPacer(a, PacerKit.Options(TimeSpan.FromMilliseconds(300), PacerKit.Limit(1, 50)));
            using var other = new RedisRequestPacer(b, PacerKit.Options(null, PacerKit.Limit(1, 50)));
            var lease = await holder.AcquireAsync(key, PacerKit.Deadline);

            var waiting = other.AcquireAsync(key, PacerKit.Deadline).AsTask();
            await Task.Delay(1500); // five leases long

            Assert.False(waiting.IsCompleted, "the permit was taken while its holder still held it");
            var released = Stopwatch.StartNew();
            lease.Dispose();
            (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
            Assert.True(released.Elapsed < TimeSpan.FromSeconds(2), $"the waiter took {released.Elapsed} after the release");
        }

        [Fact]
        public async Task Giving_a_permit_back_never_waits_for_Redis_and_lands_once_Redis_answers()
        {
            await using var redis = await RedisServer.StartAsync();
            using var connection = await PacerKit.ConnectAsync(redis);
            using var admin = await PacerKit.ConnectAsync(redis);
            var key = PacerKit.NewKey("RELEASE");
            using var pacer = new RedisRequestPacer(connection, PacerKit.Options(null, PacerKit.Limit(10, 1000)));
            var leases = new List<RateLimitLease>();
            for (var i = 0; i < 5; i++) leases.Add(await pacer.AcquireAsync(key, PacerKit.Deadline));
            var server = admin.GetServer(redis.EndPoint);
            await server.ExecuteAsync("CLIENT", "PAUSE", "1500", "ALL"); // Redis answers nobody for 1.5 s

            var giving = Stopwatch.StartNew();
            foreach (var lease in leases) lease.Dispose();
            var gave = giving.Elapsed;

            Assert.True(gave < TimeSpan.FromMilliseconds(100), $"giving 5 permits back took {gave}");
            var database = admin.GetDatabase();
            var waited = Stopwatch.StartNew();
            while (await database.SortedSetLengthAsync(PacerKit.InflightKey(key)) > 0)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the releases never landed");
                await Task.Delay(20);
            }
        }
    }
}
