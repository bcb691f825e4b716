using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// The one place a call's path is composed. Every client, however it is built (its own
    /// transport, dependency injection, a caller's handler), sends through these handlers, in this
    /// order, outermost first:
    /// <list type="number">
    /// <item>telemetry: one Activity per call;</item>
    /// <item>the overall timeout: the whole call, pacing, retries and back-off included;</item>
    /// <item>retries: 429, 503, no response, a timed-out attempt;</item>
    /// <item>pacing: a rate-limit permit per attempt, held until its exchange is over;</item>
    /// <item>the attempt timeout: one exchange, every byte of the body included;</item>
    /// <item>logging: each attempt (when a logger is configured);</item>
    /// <item>redirects: followed only within the base URL's origin;</item>
    /// <item>the API key: added only for the base URL's origin;</item>
    /// <item>the response buffer: reads the whole body, bounded by MaxResponseBytes, and turns
    /// network faults into <see cref="CertCentralException"/>;</item>
    /// </list>
    /// then the transport, whose own redirect following is turned off.
    /// </summary>
    internal static class CertCentralPipeline
    {
        public static HttpMessageInvoker Create(CertCentralClientOptions options, Uri baseUri, Pacing.RequestPacer? pacer, ILogger logger, HttpMessageHandler transport, bool disposeTransport, CancellationToken clientLifetime)
        {
            TransportGuard.DisableAutoRedirect(transport);
            var redactor = new Redactor(options.ApiKey!);
            var handlers = new List<DelegatingHandler>
            {
                new TelemetryHandler(redactor),
                new TimeoutHandler(options.OverallTimeout, "overall", clientLifetime),
                new RetryHandler(options.MaxRetries, options.RetryBaseDelay, options.MaxRetryDelay, logger),
            };
            if (pacer != null) handlers.Add(new PacingHandler(pacer, new Pacing.PacingKey(options.ApiKey!), options.RetryBaseDelay));
            handlers.Add(new TimeoutHandler(options.AttemptTimeout, "attempt"));
            if (logger != NullLogger.Instance) handlers.Add(new LoggingHandler(logger, redactor)); // no logger: nothing to build per attempt
            handlers.Add(new RedirectHandler(baseUri, redactor));
            handlers.Add(new ApiKeyHandler(baseUri, options.ApiKey!));
            handlers.Add(new ResponseBufferHandler(options.MaxResponseBytes, redactor));

            HttpMessageHandler next = transport;
            for (var i = handlers.Count - 1; i >= 0; i--)
            {
                handlers[i].InnerHandler = next;
                next = handlers[i];
            }

            return new HttpMessageInvoker(next, disposeTransport);
        }

        /// <summary>The client's own transport: pooled, bounded, recycled connections (DNS changes), no redirects.</summary>
        public static HttpMessageHandler CreateTransport(int maxConnections)
        {
#if NET8_0_OR_GREATER
            return new SocketsHttpHandler
            {
                MaxConnectionsPerServer = maxConnections,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AllowAutoRedirect = false,
            };
#else
            return new HttpClientHandler
            {
                MaxConnectionsPerServer = maxConnections,
                AllowAutoRedirect = false,
            };
#endif
        }
    }
}
