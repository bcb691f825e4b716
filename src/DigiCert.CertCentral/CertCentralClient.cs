using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigiCert.CertCentral
{
    /// <summary>
    /// A client for the CertCentral Services API v2. Thread-safe; create one per API key and reuse
    /// it. Every call sends the API key in <c>X-DC-DEVKEY</c> to the base URL's origin only, keeps
    /// under CertCentral's rate limits, retries what is transient, bounds its time, and logs and
    /// traces without ever showing the key. See <c>Pipeline/CertCentralPipeline.cs</c> for the
    /// order in which these happen.
    /// </summary>
    public sealed class CertCentralClient : ICertCentralClient, IDisposable
    {
        /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> that traces each call.</summary>
        public const string ActivitySourceName = "DigiCert.CertCentral";

        private readonly CertCentralRestClient _rest;
        private readonly HttpMessageInvoker _pipeline;
        private readonly Pacing.RequestPacer? _ownPacer;
        private readonly CancellationTokenSource _lifetime = new CancellationTokenSource(); // ends calls in progress on Dispose
        private int _disposed;

        /// <summary>Creates a client with its own transport (pooled connections, no automatic redirects), disposed with the client.</summary>
        /// <param name="options">The API key and where to call.</param>
        /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
        /// <exception cref="ArgumentException">The options are invalid, for example no API key.</exception>
        public CertCentralClient(CertCentralClientOptions options)
            : this(null, options, ownsTransport: true)
        {
        }

        /// <summary>
        /// Creates a client over the caller's transport: the handler that sends requests on the
        /// wire (for example a <c>SocketsHttpHandler</c> with a proxy, or a test double). The
        /// client's pipeline runs in front of it; its own redirect following is turned off, because
        /// it would carry the API key to other hosts. The client does not dispose it.
        /// </summary>
        /// <param name="transport">The handler that sends requests.</param>
        /// <param name="options">The API key and where to call.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The options are invalid, or the transport follows redirects and can no longer be changed.</exception>
        public CertCentralClient(HttpMessageHandler transport, CertCentralClientOptions options)
            : this(transport ?? throw new ArgumentNullException(nameof(transport)), options, ownsTransport: false)
        {
        }

        private CertCentralClient(HttpMessageHandler? transport, CertCentralClientOptions options, bool ownsTransport)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            options.Validate();

            BaseUri = options.ResolveBaseUri();
            var pacer = options.Pacer;
            if (pacer is null && options.RateLimits.Count > 0) pacer = _ownPacer = new Pacing.LocalRequestPacer(options.RateLimits);

            var logger = options.LoggerFactory?.CreateLogger<CertCentralClient>() ?? (ILogger)NullLogger.Instance;
            transport ??= CertCentralPipeline.CreateTransport(options.MaxConnections);
            try
            {
                _pipeline = CertCentralPipeline.Create(options, BaseUri, pacer, logger, transport, disposeTransport: ownsTransport, _lifetime.Token);
            }
            catch
            {
                _ownPacer?.Dispose();
                if (ownsTransport) transport.Dispose();
                throw;
            }

            _rest = new CertCentralRestClient(_pipeline, BaseUri.AbsoluteUri);
            Serialization.WarmUp.StartOnce(new[] { typeof(DuplicateCertificateList), typeof(KeyInfo), typeof(OrganizationValidationList) });
        }

        /// <summary>The base URL calls go to, ending with a slash.</summary>
        public Uri BaseUri { get; }

        /// <inheritdoc/>
        public async Task<DuplicateCertificateList> ListDuplicateCertificatesAsync(long orderId, bool showArchived = false, CancellationToken cancellationToken = default) =>
            (await ListDuplicateCertificatesWithResponseAsync(orderId, showArchived, cancellationToken).ConfigureAwait(false)).Value;

        /// <inheritdoc/>
        public Task<CertCentralResponse<DuplicateCertificateList>> ListDuplicateCertificatesWithResponseAsync(long orderId, bool showArchived = false, CancellationToken cancellationToken = default)
        {
            ThrowIfDisposed();
            RequirePositive(orderId, nameof(orderId));
            // The query parameter is sent only when it changes the default, as the docs' samples do.
            return _rest.ListDuplicateCertificatesAsync(orderId, showArchived ? true : null, cancellationToken);
        }

        /// <inheritdoc/>
        public async Task<KeyInfo> GetKeyInfoAsync(long keyId, CancellationToken cancellationToken = default) =>
            (await GetKeyInfoWithResponseAsync(keyId, cancellationToken).ConfigureAwait(false)).Value;

        /// <inheritdoc/>
        public Task<CertCentralResponse<KeyInfo>> GetKeyInfoWithResponseAsync(long keyId, CancellationToken cancellationToken = default)
        {
            ThrowIfDisposed();
            RequirePositive(keyId, nameof(keyId));
            return _rest.GetKeyInfoAsync(keyId, cancellationToken);
        }

        /// <inheritdoc/>
        public async Task<OrganizationValidationList> GetOrganizationValidationsAsync(long organizationId, CancellationToken cancellationToken = default) =>
            (await GetOrganizationValidationsWithResponseAsync(organizationId, cancellationToken).ConfigureAwait(false)).Value;

        /// <inheritdoc/>
        public Task<CertCentralResponse<OrganizationValidationList>> GetOrganizationValidationsWithResponseAsync(long organizationId, CancellationToken cancellationToken = default)
        {
            ThrowIfDisposed();
            RequirePositive(organizationId, nameof(organizationId));
            return _rest.GetOrganizationValidationsAsync(organizationId, cancellationToken);
        }

        /// <summary>
        /// Ends the calls still in progress, releases the client's share of the rate limiter of its
        /// API key and, if the client created it, its transport. Calls in progress and calls after
        /// this fail with <see cref="ObjectDisposedException"/>.
        /// </summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _lifetime.Cancel(); // calls queued for a permit, backing off or in flight end now
            _pipeline.Dispose();
            _ownPacer?.Dispose();
        }

        private void ThrowIfDisposed()
        {
            if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(CertCentralClient), "The CertCentral client was disposed.");
        }

        private static void RequirePositive(long id, string name)
        {
            if (id <= 0) throw new ArgumentOutOfRangeException(name, id, $"{name} must be a positive CertCentral ID.");
        }
    }
}
