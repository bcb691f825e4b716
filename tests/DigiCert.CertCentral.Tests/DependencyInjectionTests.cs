using System.Linq;
using System.Net;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DigiCert.CertCentral.Tests
{
    public class DependencyInjectionTests
    {
        [Fact]
        public async Task The_registered_client_uses_the_factory_http_client_and_the_configured_options()
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("getKeyInfo.apiKey.json"));
            var services = new ServiceCollection();
            services.AddCertCentralClient(o => { o.ApiKey = ClientFactory.ApiKey; o.Region = CertCentralRegion.Europe; })
                .ConfigurePrimaryHttpMessageHandler(() => handler);
            using var provider = services.BuildServiceProvider();

            var client = provider.GetRequiredService<CertCentralClient>();
            var key = await client.GetKeyInfoAsync(184);

            Assert.IsType<CertCentralClient>(client);
            Assert.Equal(184, key.Id);
            Assert.Equal("https://certcentral.digicert.eu/services/v2/key/184", handler.Single.RequestUri!.AbsoluteUri);
            Assert.Equal(new[] { ClientFactory.ApiKey }, handler.Single.Headers.GetValues("X-DC-DEVKEY"));
        }

        [Fact]
        public async Task The_registered_client_logs_through_the_container()
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("getKeyInfo.apiKey.json"));
            var logs = new LogCollector();
            var services = new ServiceCollection();
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(logs);
            services.AddCertCentralClient(o => o.ApiKey = ClientFactory.ApiKey).ConfigurePrimaryHttpMessageHandler(() => handler);
            using var provider = services.BuildServiceProvider();

            await provider.GetRequiredService<CertCentralClient>().GetKeyInfoAsync(184);

            Assert.Single(logs.Events("RequestSucceeded"));
        }

        [Fact]
        public void A_registration_without_a_key_fails_at_start_up_and_when_resolved()
        {
            var services = new ServiceCollection();
            services.AddCertCentralClient(_ => { });
            using var provider = services.BuildServiceProvider();

            var atStartUp = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate());
            Assert.Contains("API key is required", atStartUp.Message);
            Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<CertCentralClient>());
        }

        [Fact]
        public async Task Named_clients_keep_their_own_keys_and_regions()
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("getKeyInfo.apiKey.json"));
            var services = new ServiceCollection();
            services.AddCertCentralClient("us", o => o.ApiKey = "KEYUS").ConfigurePrimaryHttpMessageHandler(() => handler);
            services.AddCertCentralClient("eu", o => { o.ApiKey = "KEYEU"; o.Region = CertCentralRegion.Europe; }).ConfigurePrimaryHttpMessageHandler(() => handler);
            using var provider = services.BuildServiceProvider();
            var factory = provider.GetRequiredService<ICertCentralClientFactory>();

            await factory.GetClient("us").GetKeyInfoAsync(1);
            await factory.GetClient("eu").GetKeyInfoAsync(2);

            Assert.Equal(new[] { "KEYUS", "KEYEU" }, handler.Requests.Select(r => r.Headers.GetValues("X-DC-DEVKEY").Single()));
            Assert.Equal("https://certcentral.digicert.eu/services/v2/key/2", handler.Requests[1].RequestUri!.AbsoluteUri);
            Assert.Same(factory.GetClient("us"), factory.GetClient("us"));
            Assert.Null(provider.GetService<CertCentralClient>()); // no default client was registered
            Assert.Throws<System.InvalidOperationException>(() => factory.GetClient("asia"));
        }

        [Fact]
        public void A_second_registration_of_a_name_is_refused()
        {
            var services = new ServiceCollection();
            services.AddCertCentralClient(o => o.ApiKey = "FIRST");
            services.AddCertCentralClient("other", o => o.ApiKey = "OTHER");

            var error = Assert.Throws<System.InvalidOperationException>(() => services.AddCertCentralClient(o => o.ApiKey = "SECOND"));
            Assert.Contains("already registered", error.Message);
            Assert.Throws<System.InvalidOperationException>(() => services.AddCertCentralClient("other", o => o.ApiKey = "AGAIN"));
        }

        [Fact]
        public void The_client_is_a_singleton_disposed_with_the_container_not_a_rooted_transient()
        {
            var services = new ServiceCollection();
            services.AddCertCentralClient(o => o.ApiKey = "SINGLETON" + System.Guid.NewGuid().ToString("N"));
            var descriptor = Assert.Single(services, d => d.ServiceType == typeof(CertCentralClient));
            Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);

            var provider = services.BuildServiceProvider();
            var client = provider.GetRequiredService<CertCentralClient>();
            Assert.Same(client, provider.GetRequiredService<CertCentralClient>());
            provider.Dispose();

            Assert.Throws<System.ObjectDisposedException>(() => client.GetKeyInfoAsync(1).GetAwaiter().GetResult());
        }
    }
}
