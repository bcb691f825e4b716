using System;
using System.Linq;
using DigiCert.CertCentral.Pacing;
using DigiCert.CertCentral.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers the Redis pacer with dependency injection.</summary>
    public static class CertCentralRedisServiceCollectionExtensions
    {
        /// <summary>
        /// Registers a <see cref="RedisRequestPacer"/> singleton, also as the container's
        /// <see cref="RequestPacer"/>: CertCentral clients created by the container share it, so
        /// every process with the same Redis takes its permits from one budget per API key. It uses
        /// the <see cref="IConnectionMultiplexer"/> registered in the container (register one, with
        /// <c>abortConnect=false</c>); the container disposes the pacer, not the connection. The
        /// options are validated when the host starts.
        /// </summary>
        /// <param name="services">The service collection.</param>
        /// <param name="configure">Sets the limits (default: CertCentral's) and the other options; optional.</param>
        /// <returns>The service collection.</returns>
        /// <exception cref="InvalidOperationException">A <see cref="RequestPacer"/> is already registered.</exception>
        public static IServiceCollection AddCertCentralRedisPacer(this IServiceCollection services, Action<RedisRequestPacerOptions>? configure = null)
        {
            if (services is null) throw new ArgumentNullException(nameof(services));
            if (services.Any(d => d.ServiceType == typeof(RequestPacer) || d.ServiceType == typeof(RedisRequestPacer)))
            {
                throw new InvalidOperationException("A RequestPacer is already registered; a second one would silently replace it. Register one pacer per container.");
            }

            var options = services.AddOptions<RedisRequestPacerOptions>();
            if (configure != null) options.Configure(configure);
            options.ValidateOnStart();
            services.AddSingleton<IValidateOptions<RedisRequestPacerOptions>, OptionsValidator>();
            services.AddSingleton(provider => new RedisRequestPacer(
                provider.GetService<IConnectionMultiplexer>() ?? throw new InvalidOperationException(
                    "AddCertCentralRedisPacer needs an IConnectionMultiplexer in the container: register one, for example services.AddSingleton<IConnectionMultiplexer>(ConnectionMultiplexer.Connect(\"host:6379,abortConnect=false\"))."),
                provider.GetRequiredService<IOptions<RedisRequestPacerOptions>>().Value));
            services.AddSingleton<RequestPacer>(provider => provider.GetRequiredService<RedisRequestPacer>());
            return services;
        }

        private sealed class OptionsValidator : IValidateOptions<RedisRequestPacerOptions>
        {
            public ValidateOptionsResult Validate(string? name, RedisRequestPacerOptions options)
            {
                try
                {
                    options.Validate();
                    return ValidateOptionsResult.Success;
                }
                catch (ArgumentException e)
                {
                    return ValidateOptionsResult.Fail("RedisRequestPacerOptions: " + e.Message);
                }
            }
        }
    }
}
