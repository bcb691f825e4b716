using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DigiCert.CertCentral
{
    /// <summary>
    /// A client for the CertCentral Services API v2. Thread-safe; create one per API key and reuse
    /// it. Every call sends the API key in <c>X-DC-DEVKEY</c> and <c>Accept: application/json</c>.
    /// </summary>
    public sealed class CertCentralClient : ICertCentralClient, IDisposable
    {
        private readonly CertCentralRestClient _rest;
        private readonly HttpClient? _ownedHttpClient;

        /// <summary>Creates a client with its own <see cref="HttpClient"/>, disposed with the client.</summary>
        /// <param name="options">The API key and where to call.</param>
        /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
        /// <exception cref="ArgumentException">The options are invalid, for example no API key.</exception>
        public CertCentralClient(CertCentralClientOptions options)
            : this(new HttpClient(), options, ownsHttpClient: true)
        {
        }

        /// <summary>
        /// Creates a client over the caller's <see cref="HttpClient"/> (for example one from
        /// <c>IHttpClientFactory</c>), which the client does not dispose.
        /// </summary>
        /// <param name="httpClient">The HTTP client to send requests with.</param>
        /// <param name="options">The API key and where to call.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The options are invalid, for example no API key.</exception>
        public CertCentralClient(HttpClient httpClient, CertCentralClientOptions options)
            : this(httpClient, options, ownsHttpClient: false)
        {
        }

        private CertCentralClient(HttpClient httpClient, CertCentralClientOptions options, bool ownsHttpClient)
        {
            if (httpClient is null) throw new ArgumentNullException(nameof(httpClient));
            if (options is null)
            {
                if (ownsHttpClient) httpClient.Dispose();
                throw new ArgumentNullException(nameof(options));
            }

            try
            {
                options.Validate();
            }
            catch
            {
                if (ownsHttpClient) httpClient.Dispose();
                throw;
            }

            BaseUri = options.ResolveBaseUri();
            _rest = new CertCentralRestClient(httpClient, BaseUri, options.ApiKey!);
            _ownedHttpClient = ownsHttpClient ? httpClient : null;
        }

        /// <summary>The base URL calls go to, ending with a slash.</summary>
        public Uri BaseUri { get; }

        /// <inheritdoc/>
        public Task<DuplicateCertificateList> ListDuplicateCertificatesAsync(int orderId, bool showArchived = false, CancellationToken cancellationToken = default)
        {
            RequirePositive(orderId, nameof(orderId));
            // The query parameter is sent only when it changes the default, as the docs' samples do.
            return CallAsync(ct => _rest.ListDuplicateCertificatesAsync(orderId, showArchived ? true : null, ct), cancellationToken);
        }

        /// <inheritdoc/>
        public Task<KeyInfo> GetKeyInfoAsync(int keyId, CancellationToken cancellationToken = default)
        {
            RequirePositive(keyId, nameof(keyId));
            return CallAsync(ct => _rest.GetKeyInfoAsync(keyId, ct), cancellationToken);
        }

        /// <inheritdoc/>
        public Task<OrganizationValidationList> GetOrganizationValidationsAsync(int organizationId, CancellationToken cancellationToken = default)
        {
            RequirePositive(organizationId, nameof(organizationId));
            return CallAsync(ct => _rest.GetOrganizationValidationsAsync(organizationId, ct), cancellationToken);
        }

        /// <summary>Disposes the <see cref="HttpClient"/> if this client created it.</summary>
        public void Dispose() => _ownedHttpClient?.Dispose();

        private static void RequirePositive(int id, string name)
        {
            if (id <= 0) throw new ArgumentOutOfRangeException(name, id, $"{name} must be a positive CertCentral ID.");
        }

        // Turns transport faults into the client's exception. Timeouts and cancellation stay
        // OperationCanceledException (HttpClient's TaskCanceledException), as .NET documents them.
        private static async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new CertCentralException("the request failed before a response arrived", e);
            }
            catch (IOException e)
            {
                throw new CertCentralException("the connection failed while the response was read", e);
            }
        }
    }
}
