using System;
using System.Net.Http;
using DigiCert.CertCentral.Pipeline;

namespace DigiCert.CertCentral
{
    /// <summary>
    /// A client for the CertCentral Services API v2: one method pair per operation of the
    /// description (generated), <c>...Async</c> for the model and <c>...WithResponseAsync</c> for the
    /// model with the HTTP status and headers. Thread-safe; create one per API key and reuse it.
    /// Every call sends the key in <c>X-DC-DEVKEY</c> to the base URL's origin only, paces itself
    /// under CertCentral's rate limits, retries what is transient, bounds its time, and logs, traces
    /// and measures without ever showing the key (see <c>Pipeline/CertCentralPipeline.cs</c>).
    /// </summary>
    /// <remarks>
    /// To fake it in tests, derive from it: the protected constructor creates an instance without a
    /// connection, and every operation is virtual, so a new operation in a later version does not
    /// break the fake.
    /// </remarks>
    public partial class CertCentralClient : IDisposable
    {
        /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> that traces calls (a span per call, one per attempt).</summary>
        public const string ActivitySourceName = "DigiCert.CertCentral";

        /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> of the client's metrics.</summary>
        public const string MeterName = "DigiCert.CertCentral";

        private readonly CertCentralPipeline? _pipeline;

        /// <summary>Creates a client with its own transport (pooled connections, compression, no automatic redirects), disposed with the client.</summary>
        /// <param name="options">The API key and where to call.</param>
        /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
        /// <exception cref="ArgumentException">The options are invalid, for example no API key.</exception>
        public CertCentralClient(CertCentralClientOptions options)
            : this(null, options, 0)
        {
        }

        /// <summary>
        /// Creates a client over the caller's transport: the handler that sends requests on the wire
        /// (for example a <c>SocketsHttpHandler</c> with a proxy, or a test double). The client's
        /// pipeline runs in front of it; its own redirect following is turned off, because it would
        /// carry the API key to other hosts. The client does not dispose it.
        /// </summary>
        /// <param name="transport">The handler that sends requests.</param>
        /// <param name="options">The API key and where to call.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The options are invalid, or the transport follows redirects and can no longer be changed.</exception>
        public CertCentralClient(HttpMessageHandler transport, CertCentralClientOptions options)
            : this(transport ?? throw new ArgumentNullException(nameof(transport)), options, 0)
        {
        }

        /// <summary>Creates a client without a connection, for a fake that overrides the operations it needs.</summary>
        protected CertCentralClient()
        {
        }

        private CertCentralClient(HttpMessageHandler? transport, CertCentralClientOptions options, int _)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            options.Validate();
            _pipeline = new CertCentralPipeline(options, transport);
        }

        /// <summary>The base URL calls go to, ending with a slash.</summary>
        public virtual Uri BaseUri => Pipeline.BaseUri;

        /// <summary>Where the generated operations send their requests.</summary>
        internal CertCentralPipeline Pipeline =>
            _pipeline ?? throw new InvalidOperationException("This CertCentralClient was created with the protected constructor (a fake): override the operations it is called with.");

        /// <summary>
        /// Ends the calls still in progress and, if the client created them, its transport and its
        /// pacer. Calls in progress and calls after this fail with <see cref="ObjectDisposedException"/>.
        /// </summary>
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Releases the client's resources.</summary>
        /// <param name="disposing">Whether this is called from <see cref="Dispose()"/>.</param>
        protected virtual void Dispose(bool disposing)
        {
            if (disposing) _pipeline?.Dispose();
        }
    }
}
