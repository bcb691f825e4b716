using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Pacing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DigiCert.CertCentral.Samples.Tests
{
    /// <summary>
    /// The code docs/ shows beyond the samples: each region is copied into a page verbatim
    /// (DocumentationTests) and run by ExamplesTests, so a page cannot show code that does not
    /// compile or does not do what the page says.
    /// </summary>
    internal static class Examples
    {
        // docs/observability.md
        public static void AddTelemetry(HostApplicationBuilder builder)
        {
            #region snippet:opentelemetry
            builder.Services.AddOpenTelemetry()
                .WithTracing(tracing => tracing.AddSource(CertCentralClient.ActivitySourceName)) // a span per call, one per attempt
                .WithMetrics(metrics => metrics.AddMeter(CertCentralClient.MeterName));           // durations, permit waits, retries, 429s
            // ... and your exporter, e.g. .UseOtlpExporter() from OpenTelemetry.Exporter.OpenTelemetryProtocol
            #endregion
        }

        // docs/security.md
        public static async Task<(KeyInfo Before, KeyInfo After)> RotateKeyAsync(Uri baseUri, string currentKey, string newKey)
        {
            #region snippet:key-rotation
            var credential = new CertCentralKeyCredential(currentKey);
            using var client = new CertCentralClient(new CertCentralClientOptions { Credential = credential, BaseUri = baseUri });
            var before = await client.GetKeyInfoAsync(184);

            // A new key was created in CertCentral: from their next attempt, all calls send it, and
            // the old one stays redacted. Give one credential to several clients to rotate them together.
            credential.Update(newKey);
            var after = await client.GetKeyInfoAsync(184);
            #endregion
            return (before, after);
        }

        // docs/rate-limits-and-retries.md
        public static CertCentralClientOptions HalfTheLimits(string apiKey)
        {
            #region snippet:rate-limits
            var options = new CertCentralClientOptions { ApiKey = apiKey };
            // Another service uses the same key, so this one takes half of each limit. The first limit
            // added replaces CertCentral's defaults (100 per 5 s and 1000 per 3 min).
            options.RateLimits.Add(new RequestRateLimit(50, TimeSpan.FromSeconds(5)));
            options.RateLimits.Add(new RequestRateLimit(500, TimeSpan.FromMinutes(3)));
            #endregion
            return options;
        }

        // docs/rate-limits-and-retries.md
        public static (CertCentralClient Orders, CertCentralClient Keys, RequestPacer Pacer) SharedPacer(string apiKey)
        {
            #region snippet:shared-pacer
            // Two clients of one key in one process: one budget, as CertCentral counts per key.
            var pacer = new LocalRequestPacer(RequestRateLimit.CertCentralDefaults); // dispose it after the clients
            var orders = new CertCentralClient(new CertCentralClientOptions { ApiKey = apiKey, Pacer = pacer });
            var keys = new CertCentralClient(new CertCentralClientOptions { ApiKey = apiKey, Pacer = pacer });
            #endregion
            return (orders, keys, pacer);
        }

        // docs/rate-limits-and-retries.md
        public static void ContainerPacer(IServiceCollection services)
        {
            #region snippet:container-pacer
            // Every CertCentral client of the container that has no pacer in its options shares this one.
            services.AddSingleton<RequestPacer>(new LocalRequestPacer(RequestRateLimit.CertCentralDefaults));
            #endregion
        }

        // docs/usage-and-errors.md
        public static CertCentralClient OwnTransport(string apiKey, Uri proxy, out SocketsHttpHandler transport)
        {
            #region snippet:own-transport
            // Your transport (a proxy, client certificates, TLS settings): the client runs its pipeline in
            // front of it, turns its redirect following off and does not dispose it.
            transport = new SocketsHttpHandler { Proxy = new WebProxy(proxy), UseProxy = true };
            var client = new CertCentralClient(transport, new CertCentralClientOptions { ApiKey = apiKey });
            #endregion
            return client;
        }

        // docs/usage-and-errors.md
        public static CertCentralClientOptions WithInsertionPoints(CertCentralClientOptions options)
        {
            #region snippet:insertion-points
            options.CallPolicies.Add(new BulkheadPolicy(maxConcurrentCalls: 4)); // once around each call
            options.AttemptHandlers.Add(() => new CorrelationHandler());         // around each attempt's exchange
            #endregion
            return options;
        }
    }

    #region snippet:call-policy
    /// <summary>At most N calls of this client at once, whatever their retries: a bulkhead.</summary>
    public sealed class BulkheadPolicy(int maxConcurrentCalls) : CertCentralCallPolicy
    {
        private readonly SemaphoreSlim _slots = new(maxConcurrentCalls);

        public override async Task<CertCentralResponse<T>> SendAsync<T>(CertCentralCall call, Func<Task<CertCentralResponse<T>>> proceed)
        {
            await _slots.WaitAsync(call.CancellationToken);
            try
            {
                return await proceed(); // the call: pacing, attempts, retries (call.OperationId says which)
            }
            finally
            {
                _slots.Release();
            }
        }
    }
    #endregion

    #region snippet:attempt-handler
    /// <summary>Tags each attempt with the trace it belongs to. It runs above the step that adds the API key: it never sees it.</summary>
    public sealed class CorrelationHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.TryAddWithoutValidation("X-Correlation-Id", Activity.Current?.TraceId.ToHexString() ?? Guid.NewGuid().ToString("N"));
            return base.SendAsync(request, cancellationToken);
        }
    }
    #endregion
}
