using System.Net;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace DigiCert.CertCentral.Tests.Client
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

            var client = provider.GetRequiredService<ICertCentralClient>();
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
            var logs = new Resilience.LogCollector();
            var services = new ServiceCollection();
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(logs);
            services.AddCertCentralClient(o => o.ApiKey = ClientFactory.ApiKey).ConfigurePrimaryHttpMessageHandler(() => handler);
            using var provider = services.BuildServiceProvider();

            await provider.GetRequiredService<ICertCentralClient>().GetKeyInfoAsync(184);

            Assert.Single(logs.Events("RequestSucceeded"));
        }

        [Fact]
        public void A_registration_without_a_key_fails_when_the_client_is_resolved()
        {
            var services = new ServiceCollection();
            services.AddCertCentralClient(_ => { });
            using var provider = services.BuildServiceProvider();

            Assert.Throws<System.ArgumentException>(() => provider.GetRequiredService<ICertCentralClient>());
        }
    }
}
