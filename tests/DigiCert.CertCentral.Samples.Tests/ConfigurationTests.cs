using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DigiCert.CertCentral.Samples.Tests
{
    /// <summary>Options bound from a real appsettings.json through the generic host, as an app binds them.</summary>
    public class ConfigurationTests
    {
        private static HostApplicationBuilder Builder(string contentRoot) => Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = contentRoot,
            EnvironmentName = "Production",
            Args = new[] { "--CertCentral:US:ApiKey=us-key", "--CertCentral:EU:ApiKey=eu-key" },
        });

        // The sample's own binding (samples/AspNetCoreMinimalApi/Program.cs, region named-clients).
        private static IHttpClientBuilder AddAccount(HostApplicationBuilder builder, string account) =>
            builder.Services.AddCertCentralClient(account, options => builder.Configuration.GetSection($"CertCentral:{account}").Bind(options));

        [Fact]
        public void RateLimits_from_the_samples_appsettings_replace_the_defaults()
        {
            var builder = Builder(Path.Combine(Samples.Root, "AspNetCoreMinimalApi"));
            AddAccount(builder, "US");
            AddAccount(builder, "EU");
            using var host = builder.Build();
            var options = host.Services.GetRequiredService<IOptionsMonitor<CertCentralClientOptions>>();

            var us = options.Get("US");
            Assert.Equal(new[] { "50 per 00:00:05", "500 per 00:03:00" }, us.RateLimits.Select(l => l.ToString()));
            Assert.Equal(CertCentralRegion.UnitedStates, us.Region);
            Assert.Equal("us-key", us.ApiKey);

            // A section without RateLimits keeps CertCentral's defaults; its other values are bound.
            var eu = options.Get("EU");
            Assert.Equal(RequestRateLimit.CertCentralDefaults.Select(l => l.ToString()), eu.RateLimits.Select(l => l.ToString()));
            Assert.Equal(CertCentralRegion.Europe, eu.Region);
            Assert.Equal(2, eu.MaxRetries);
            Assert.Equal(TimeSpan.FromMinutes(1), eu.OverallTimeout);
        }

        [Fact]
        public async Task A_client_bound_from_appsettings_paces_to_the_configured_limit()
        {
            var root = Directory.CreateTempSubdirectory("certcentral-appsettings-").FullName;
            try
            {
                // 2 requests a second: the third call waits for the first request's window to end.
                File.WriteAllText(Path.Combine(root, "appsettings.json"), """
                    { "CertCentral": { "US": { "BaseUri": "https://certcentral.test/services/v2", "RateLimits": [ { "Permits": 2, "Window": "00:00:01" } ] } } }
                    """);
                var builder = Builder(root);
                var transport = new StubTransport();
                AddAccount(builder, "US").ConfigurePrimaryHttpMessageHandler(() => transport);
                using var host = builder.Build();
                var client = host.Services.GetRequiredService<ICertCentralClientFactory>().GetClient("US");

                var clock = Stopwatch.StartNew();
                for (var i = 0; i < 3; i++) await client.GetKeyInfoAsync(184);

                Assert.Equal(3, transport.Requests);
                Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"3 calls under 2 per second took {clock.ElapsedMilliseconds} ms");
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        [Theory]
        [InlineData("""{ "Permits": 0, "Window": "00:00:01" }""", "0 per 00:00:01")]
        [InlineData("""{ "Permits": 5 }""", "5 per 00:00:00")]
        [InlineData("""{ "Permits": 5, "Window": "2.00:00:00" }""", "5 per 2.00:00:00")]
        public void A_configured_limit_the_client_cannot_keep_is_refused_when_the_client_is_made(string limit, string shown)
        {
            var root = Directory.CreateTempSubdirectory("certcentral-appsettings-").FullName;
            try
            {
                File.WriteAllText(Path.Combine(root, "appsettings.json"), $$"""
                    { "CertCentral": { "US": { "RateLimits": [ { "Permits": 2, "Window": "00:00:01" }, {{limit}} ] } } }
                    """);
                var builder = Builder(root);
                AddAccount(builder, "US");
                using var host = builder.Build();

                // Bound as written (not dropped, which would leave a looser pace than configured) and
                // refused by the options' validation, by name and value, before any request.
                var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<ICertCentralClientFactory>().GetClient("US"));
                Assert.Contains("RateLimits: " + shown + ":", error.Message);
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        [Fact]
        public void Options_with_an_unknown_region_show_themselves_without_throwing_or_showing_the_key()
        {
            var options = new CertCentralClientOptions { ApiKey = "secret-key-0123456789", Region = (CertCentralRegion)7 };

            var shown = options.ToString();

            Assert.Contains("unknown region 7", shown);
            Assert.DoesNotContain("secret-key", shown);
            Assert.Throws<ArgumentException>(() => new CertCentralClient(options)); // refused where it matters
        }

        /// <summary>Answers every request with the recorded key info.</summary>
        private sealed class StubTransport : HttpMessageHandler
        {
            private int _requests;

            public int Requests => _requests;

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref _requests);
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
                {
                    RequestMessage = request,
                    Content = new StringContent(Repo.Recording("getKeyInfo.apiKey.json"), Encoding.UTF8, "application/json"),
                });
            }
        }
    }
}
