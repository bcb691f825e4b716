using System;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Redis.Tests.Servers;

namespace DigiCert.CertCentral.Redis.Tests.Pacing
{
    /// <summary>Bad settings and arguments fail at once, with the reason.</summary>
    public class RedisRequestPacerOptionsTests
    {
        [Fact]
        public async Task Bad_options_and_arguments_are_refused_and_a_disposed_pacer_says_so()
        {
            Assert.Throws<ArgumentNullException>(() => new RedisRequestPacer(null!));
            await using var redis = await RedisServer.StartAsync();
            using var connection = await PacerKit.ConnectAsync(redis);
            void Refused(Action<RedisRequestPacerOptions> change)
            {
                var options = new RedisRequestPacerOptions();
                change(options);
                Assert.ThrowsAny<ArgumentException>(() => new RedisRequestPacer(connection, options));
            }

            Refused(o => o.Limits.Clear());
            Refused(o => o.Limits.Add(null!));
            // Limits bound from configuration skip the constructor's checks; the pacer refuses them by name.
            Refused(o => o.Limits.Add(new RequestRateLimit { Permits = 1, Window = TimeSpan.FromDays(2) }));
            Refused(o => o.Limits.Add(new RequestRateLimit { Permits = 0, Window = TimeSpan.FromSeconds(1) }));
            Refused(o => o.Limits.Add(new RequestRateLimit { Permits = 1 }));
            Refused(o => o.KeyPrefix = "tenant{1}:");
            Refused(o => o.KeyPrefix = null!);
            Refused(o => o.LeaseDuration = TimeSpan.FromMilliseconds(99));
            Refused(o => o.LeaseDuration = TimeSpan.FromHours(2));
            Refused(o => o.RedisTimeout = TimeSpan.Zero);
            Refused(o => o.Database = -2);

            var pacer = new RedisRequestPacer(connection, PacerKit.Options(null, PacerKit.Limit(1, 60_000)));
            Assert.Throws<ArgumentNullException>(() => { _ = pacer.AcquireAsync(null!, PacerKit.Deadline); });
            var key = PacerKit.NewKey("DISPOSED");
            (await pacer.AcquireAsync(key, PacerKit.Deadline)).Dispose();
            var waiting = pacer.AcquireAsync(key, PacerKit.Deadline).AsTask();
            await Task.Delay(100);
            pacer.Dispose();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Throws<ObjectDisposedException>(() => { _ = pacer.AcquireAsync(key, PacerKit.Deadline); });
        }
    }
}
