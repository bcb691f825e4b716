using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Pacing;
using DigiCert.CertCentral.Redis.Tests.Servers;

namespace DigiCert.CertCentral.Redis.Tests.Pacing
{
    /// <summary>A 429 holds back the key for the whole fleet.</summary>
    public class PauseTests
    {
        [Fact]
        public async Task A_pause_holds_back_every_pacer_of_the_key_and_no_other_key()
        {
            await using var redis = await RedisServer.StartAsync();
            using var a = await PacerKit.ConnectAsync(redis);
            using var b = await PacerKit.ConnectAsync(redis);
            using var pausing = new RedisRequestPacer(a, PacerKit.Options(null, PacerKit.Limit(100, 1000)));
            using var other = new RedisRequestPacer(b, PacerKit.Options(null, PacerKit.Limit(100, 1000)));
            var key = PacerKit.NewKey("PAUSED");

            await pausing.PauseAsync(key, TimeSpan.FromMilliseconds(700), CancellationToken.None);
            var elsewhere = Stopwatch.StartNew();
            (await other.AcquireAsync(PacerKit.NewKey("NOTPAUSED"), PacerKit.Deadline)).Dispose();
            var notPaused = elsewhere.Elapsed;
            var waited = Stopwatch.StartNew();
            (await other.AcquireAsync(key, PacerKit.Deadline)).Dispose();

            Assert.InRange(waited.Elapsed + notPaused, TimeSpan.FromMilliseconds(650), TimeSpan.FromSeconds(5));
            Assert.True(notPaused < TimeSpan.FromMilliseconds(500), $"another key waited {notPaused}");
        }

        [Fact]
        public async Task A_429_pauses_the_key_for_a_client_on_another_connection()
        {
            await using var redis = await RedisServer.StartAsync();
            using var a = await PacerKit.ConnectAsync(redis);
            using var b = await PacerKit.ConnectAsync(redis);
            using var pacerA = new RedisRequestPacer(a, PacerKit.Options(null, PacerKit.Limit(100, 1000)));
            using var pacerB = new RedisRequestPacer(b, PacerKit.Options(null, PacerKit.Limit(100, 1000)));
            // The server's own limit is tighter than the pacers' (as when someone else spent the budget).
            await using var server = await RateLimitedServer.StartAsync(new[] { PacerKit.Limit(1, 60_000) }, TimeSpan.Zero);
            var apiKey = "PAUSE429" + Guid.NewGuid().ToString("N");
            CertCentralClient Client(RequestPacer pacer) => new CertCentralClient(new CertCentralClientOptions
            {
                ApiKey = apiKey, BaseUri = server.BaseUri, Pacer = pacer, MaxRetries = 0, RetryBaseDelay = TimeSpan.FromMilliseconds(800),
            });
            using var clientA = Client(pacerA);
            using var clientB = Client(pacerB);
            await clientA.ListDuplicateCertificatesAsync(1);
            var refused = await Assert.ThrowsAsync<CertCentralException>(() => clientA.ListDuplicateCertificatesAsync(1));
            Assert.Equal(429, refused.Status);
            var paused = server.Now;

            await Assert.ThrowsAsync<CertCentralException>(() => clientB.ListDuplicateCertificatesAsync(1));

            Assert.True(server.Rejected[^1] - paused >= TimeSpan.FromMilliseconds(700), $"the other client sent {server.Rejected[^1] - paused} after the 429, within the pause");
        }
    }
}
