using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using Microsoft.Extensions.Options;

namespace DigiCert.CertCentral
{
    /// <summary>Marks a registered client name, so that a second registration of it is refused.</summary>
    internal sealed class CertCentralClientRegistration
    {
        public CertCentralClientRegistration(string name) => Name = name;

        public string Name { get; }
    }

    /// <summary>Validates a named client's options with the same checks as the client's constructor.</summary>
    internal sealed class CertCentralClientOptionsValidator : IValidateOptions<CertCentralClientOptions>
    {
        private readonly string _name;

        public CertCentralClientOptionsValidator(string name) => _name = name;

        public ValidateOptionsResult Validate(string? name, CertCentralClientOptions options)
        {
            if (!string.Equals(name, _name, StringComparison.Ordinal)) return ValidateOptionsResult.Skip;
            try
            {
                options.Validate();
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException e)
            {
                return ValidateOptionsResult.Fail($"CertCentral client '{_name}': {e.Message}");
            }
        }
    }

    /// <summary>
    /// Creates each named client once, over the transport that <c>IHttpClientFactory</c> builds for
    /// it, and disposes them with the container. A client lives as long as the container: its
    /// transport recycles connections itself (<c>PooledConnectionLifetime</c>).
    /// </summary>
    internal sealed class CertCentralClientFactory : ICertCentralClientFactory, IDisposable
    {
        private readonly IOptionsMonitor<CertCentralClientOptions> _options;
        private readonly IHttpMessageHandlerFactory _transports;
        private readonly HashSet<string> _names;
        private readonly ConcurrentDictionary<string, Lazy<CertCentralClient>> _clients = new ConcurrentDictionary<string, Lazy<CertCentralClient>>(StringComparer.Ordinal);

        private readonly Pacing.RequestPacer? _pacer;

        public CertCentralClientFactory(IOptionsMonitor<CertCentralClientOptions> options, IHttpMessageHandlerFactory transports, IEnumerable<CertCentralClientRegistration> registrations, IServiceProvider services)
        {
            _options = options;
            _transports = transports;
            // A pacer registered in the container paces every client of the container together.
            _pacer = (Pacing.RequestPacer?)services.GetService(typeof(Pacing.RequestPacer));
            _names = new HashSet<string>(registrations.Select(r => r.Name), StringComparer.Ordinal);
        }

        public static string TransportName(string name) => "DigiCert.CertCentral:" + name;

        public CertCentralClient GetClient(string name)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            if (!_names.Contains(name))
            {
                throw new InvalidOperationException($"No CertCentral client named '{name}' is registered (registered: {string.Join(", ", _names.Select(n => n.Length == 0 ? "(default)" : n))}).");
            }

            return _clients.GetOrAdd(name, key => new Lazy<CertCentralClient>(() => Create(key))).Value;
        }

        public void Dispose()
        {
            foreach (var client in _clients.Values.Where(c => c.IsValueCreated)) client.Value.Dispose();
        }

        private CertCentralClient Create(string name)
        {
            var options = _options.Get(name);
            if (options.Pacer is null && _pacer != null) options.Pacer = _pacer;
            HttpMessageHandler transport = _transports.CreateHandler(TransportName(name));
            return new CertCentralClient(transport, options);
        }
    }
}
