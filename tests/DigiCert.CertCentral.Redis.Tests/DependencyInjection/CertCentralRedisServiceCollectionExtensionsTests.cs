using System;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Pacing;
using DigiCert.CertCentral.Redis.Tests.Pacing;
using DigiCert.CertCentral.Redis.Tests.Servers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DigiCert.CertCentral.Redis.Tests.DependencyInjection
{
    /// <summary>The container's RequestPacer: one Redis pacer, on the container's connection, disposed with the container.</summary>
    public class CertCentralRedisServiceCollectionExtensionsTests
    {
        [Fact]
        public async Task The_pacer_is_the_containers_RequestPacer_with_the_configured_options_and_is_disposed_with_it()
        {
            await using var redis = await RedisServer.StartAsync();
            using var connection = await PacerKit.ConnectAsync(redis);
            var services = new ServiceCollection();
            services.AddSingleton<IConnectionMultiplexer>(connection);
            services.AddCertCentralRedisPacer(options =>
            {
                options.Limits.Clear();
                options.Limits.Add(new RequestRateLimit(7, TimeSpan.FromSeconds(2)));
            });
            RequestPacer pacer;
            using (var provider = services.BuildServiceProvider())
            {
                pacer = provider.GetRequiredService<RequestPacer>();
                var redisPacer = Assert.IsType<RedisRequestPacer>(pacer);
                Assert.Same(redisPacer, provider.GetRequiredService<RedisRequestPacer>());
                Assert.Equal(7, Assert.Single(redisPacer.Limits).Permits);
                (await pacer.AcquireAsync(new PacingKey("DI" + Guid.NewGuid().ToString("N")), CancellationToken.None)).Dispose();
            }

            Assert.Throws<ObjectDisposedException>(() => { _ = pacer.AcquireAsync(new PacingKey("AFTER"), PacerKit.Deadline); });
            Assert.True(connection.IsConnected, "the container disposed the connection it did not create");
        }

        [Fact]
        public void Without_a_connection_in_the_container_resolving_says_what_to_register()
        {
            var services = new ServiceCollection();
            services.AddCertCentralRedisPacer();
            using var provider = services.BuildServiceProvider();

            var failure = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<RequestPacer>());

            Assert.Contains("IConnectionMultiplexer", failure.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Invalid_options_fail_validation_with_the_reason_and_a_second_pacer_is_refused()
        {
            var services = new ServiceCollection();
            services.AddCertCentralRedisPacer(options => options.KeyPrefix = "tenant{1}:");
            using var provider = services.BuildServiceProvider();

            var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RedisRequestPacerOptions>>().Value);
            Assert.Contains("braces", failure.Message, StringComparison.Ordinal);
            Assert.Throws<InvalidOperationException>(() => services.AddCertCentralRedisPacer());
            Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddSingleton<RequestPacer>(new LocalRequestPacer(RequestRateLimit.CertCentralDefaults)).AddCertCentralRedisPacer());
        }
    }
}
