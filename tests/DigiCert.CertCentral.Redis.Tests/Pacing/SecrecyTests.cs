using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Pacing;
using DigiCert.CertCentral.Redis.Tests.Servers;
using DigiCert.CertCentral.Tests;

namespace DigiCert.CertCentral.Redis.Tests.Pacing
{
    /// <summary>Redis holds an identifier derived from the key, never the key; the published script is the one that runs.</summary>
    public class SecrecyTests
    {
        [Fact]
        public async Task Redis_never_sees_the_api_key_only_its_identifier()
        {
            await using var redis = await RedisServer.StartAsync();
            await using var monitor = await RedisMonitor.StartAsync(redis.Port);
            using var a = await PacerKit.ConnectAsync(redis);
            using var b = await PacerKit.ConnectAsync(redis);
            var apiKey = "SECRETAPIKEY" + Guid.NewGuid().ToString("N").ToUpperInvariant();
            var key = new PacingKey(apiKey);
            using (var first = new RedisRequestPacer(a, PacerKit.Options(null, PacerKit.Limit(2, 200))))
            using (var second = new RedisRequestPacer(b, PacerKit.Options(null, PacerKit.Limit(2, 200))))
            {
                await PacerKit.BurstAsync(new RequestPacer[] { first, second }, key, 8);
                await first.PauseAsync(key, TimeSpan.FromMilliseconds(10), CancellationToken.None);
            }

            await Task.Delay(300);
            var stored = await RedisContents.DumpAsync(a, redis.EndPoint);
            var sent = monitor.Feed;

            Assert.Contains(key.Id, stored, StringComparison.Ordinal);
            Assert.Contains("evalsha", sent, StringComparison.OrdinalIgnoreCase);
            foreach (var form in RedisContents.FormsOf(apiKey))
            {
                Assert.DoesNotContain(form, stored, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(form, sent, StringComparison.OrdinalIgnoreCase);
            }
        }

        [Fact]
        public void The_script_the_pacer_runs_is_the_published_one()
        {
            Assert.Equal(File.ReadAllText(Path.Combine(Repo.Root, "openapi", "pacing", "pacing.lua")), RedisRequestPacer.Script);
        }
    }
}
