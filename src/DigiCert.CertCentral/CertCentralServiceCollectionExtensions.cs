using System;
using DigiCert.CertCentral;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers the CertCentral client with dependency injection.</summary>
    public static class CertCentralServiceCollectionExtensions
    {
        /// <summary>
        /// Registers <see cref="ICertCentralClient"/> as a typed client of <c>IHttpClientFactory</c>,
        /// configured by <paramref name="configure"/>, logging through the container's
        /// <see cref="ILoggerFactory"/> unless the options name another. Every client of one API key
        /// shares one client-side rate limiter. The returned builder adds handlers or policies.
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="configure">Sets the API key and region or base URL.</param>
        /// <returns>The HTTP client builder of the typed client.</returns>
        public static IHttpClientBuilder AddCertCentralClient(this IServiceCollection services, Action<CertCentralClientOptions> configure)
        {
            if (services is null) throw new ArgumentNullException(nameof(services));
            if (configure is null) throw new ArgumentNullException(nameof(configure));

            services.AddOptions<CertCentralClientOptions>()
                .Configure(configure)
                .PostConfigure<IServiceProvider>((options, provider) => options.LoggerFactory ??= provider.GetService<ILoggerFactory>());
            return services.AddHttpClient<ICertCentralClient, CertCentralClient>((httpClient, provider) =>
                new CertCentralClient(httpClient, provider.GetRequiredService<IOptions<CertCentralClientOptions>>().Value));
        }
    }
}
