using System;
using System.Linq;
using DigiCert.CertCentral;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers CertCentral clients with dependency injection.</summary>
    public static class CertCentralServiceCollectionExtensions
    {
        /// <summary>
        /// Registers the default CertCentral client: <see cref="CertCentralClient"/>, a singleton.
        /// Same as <see cref="AddCertCentralClient(IServiceCollection, string, Action{CertCentralClientOptions})"/>
        /// with the default name (<see cref="Microsoft.Extensions.Options.Options.DefaultName"/>).
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="configure">Sets the API key and region or base URL.</param>
        /// <returns>The builder of the client's transport (see the named overload).</returns>
        /// <exception cref="InvalidOperationException">A default CertCentral client is already registered.</exception>
        public static IHttpClientBuilder AddCertCentralClient(this IServiceCollection services, Action<CertCentralClientOptions> configure) =>
            AddCertCentralClient(services, Options.Options.DefaultName, configure);

        /// <summary>
        /// Registers a named CertCentral client (one per account or region), created once and shared:
        /// get it from <see cref="ICertCentralClientFactory.GetClient(string)"/> (the default name
        /// also registers <see cref="CertCentralClient"/>). Its options are validated when the host
        /// starts; it logs through the container's <see cref="ILoggerFactory"/> unless the options
        /// name another. A <see cref="DigiCert.CertCentral.Pacing.RequestPacer"/> registered in the container paces every
        /// client that has none of its own in its options; otherwise each paces alone.
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="name">The client's name.</param>
        /// <param name="configure">Sets the API key and region or base URL.</param>
        /// <returns>
        /// The <c>IHttpClientFactory</c> builder of the client's transport, to add handlers (they run
        /// inside the client's pipeline, after the API key is added) or a primary handler (its
        /// automatic redirects are turned off). Its own request logging is removed: the client logs each attempt.
        /// </returns>
        /// <exception cref="InvalidOperationException">A CertCentral client of this name is already registered.</exception>
        public static IHttpClientBuilder AddCertCentralClient(this IServiceCollection services, string name, Action<CertCentralClientOptions> configure)
        {
            if (services is null) throw new ArgumentNullException(nameof(services));
            if (name is null) throw new ArgumentNullException(nameof(name));
            if (configure is null) throw new ArgumentNullException(nameof(configure));
            if (services.Any(d => d.ServiceType == typeof(CertCentralClientRegistration) && ((CertCentralClientRegistration?)d.ImplementationInstance)?.Name == name))
            {
                throw new InvalidOperationException(
                    $"A CertCentral client named '{name}' is already registered; a second registration would silently replace its options. Give each client its own name.");
            }

            services.AddSingleton(new CertCentralClientRegistration(name));
            services.AddOptions<CertCentralClientOptions>(name)
                .Configure(configure)
                .PostConfigure<IServiceProvider>((options, provider) => options.LoggerFactory ??= provider.GetService<ILoggerFactory>())
                .ValidateOnStart();
            services.AddSingleton<IValidateOptions<CertCentralClientOptions>>(new CertCentralClientOptionsValidator(name));
            services.TryAddSingleton<ICertCentralClientFactory, CertCentralClientFactory>();
            if (name == Options.Options.DefaultName)
            {
                services.TryAddSingleton(provider => provider.GetRequiredService<ICertCentralClientFactory>().GetClient(name));
            }

            return services.AddHttpClient(CertCentralClientFactory.TransportName(name))
                .ConfigurePrimaryHttpMessageHandler(provider => DigiCert.CertCentral.Pipeline.Transport.Create(provider.GetRequiredService<IOptionsMonitor<CertCentralClientOptions>>().Get(name).MaxConnections))
                .RemoveAllLoggers() // its request logging runs below the client's redaction; the client logs each attempt itself
                .RedactLoggedHeaders(_ => true); // and should a caller add it back, it shows no header value
        }
    }
}
