using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Diagnostics;
using DigiCert.CertCentral.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace DigiCert.CertCentral
{
    /// <summary>
    /// A client for the CertCentral Services API v2. Thread-safe; create one per API key and reuse
    /// it. Every call sends the API key in <c>X-DC-DEVKEY</c> and <c>Accept: application/json</c>,
    /// keeps under CertCentral's rate limits, retries what is transient, and logs and traces
    /// without ever showing the key.
    /// </summary>
    public sealed class CertCentralClient : ICertCentralClient, IDisposable
    {
        /// <summary>The name of the <see cref="ActivitySource"/> that traces each call.</summary>
        public const string ActivitySourceName = "DigiCert.CertCentral";

        private readonly CertCentralRestClient _rest;
        private readonly HttpClient? _ownedHttpClient;
        private readonly ResiliencePipeline _pipeline;
        private readonly RequestPacer? _pacer;
        private readonly ILogger _logger;
        private readonly TimeSpan _maxRetryDelay;
        private readonly string _apiKey;

        /// <summary>
        /// Creates a client with its own <see cref="HttpClient"/>, disposed with the client. Its
        /// timeouts are the options' <see cref="CertCentralClientOptions.AttemptTimeout"/> and
        /// <see cref="CertCentralClientOptions.OverallTimeout"/>.
        /// </summary>
        /// <param name="options">The API key and where to call.</param>
        /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
        /// <exception cref="ArgumentException">The options are invalid, for example no API key.</exception>
        public CertCentralClient(CertCentralClientOptions options)
            : this(CreateOwnHttpClient(options), options, ownsHttpClient: true)
        {
        }

        /// <summary>
        /// Creates a client over the caller's <see cref="HttpClient"/> (for example one from
        /// <c>IHttpClientFactory</c>), which the client does not dispose. Its own
        /// <see cref="HttpClient.Timeout"/> still applies to each attempt.
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
            try
            {
                if (options is null) throw new ArgumentNullException(nameof(options));
                options.Validate();
            }
            catch
            {
                if (ownsHttpClient) httpClient.Dispose();
                throw;
            }

            BaseUri = options.ResolveBaseUri();
            _rest = new CertCentralRestClient(httpClient, BaseUri, options.ApiKey!, options.MaxResponseBytes);
            _ownedHttpClient = ownsHttpClient ? httpClient : null;
            _logger = options.LoggerFactory?.CreateLogger<CertCentralClient>() ?? NullLogger<CertCentralClient>.Instance;
            _pacer = RequestPacer.ForKey(options.ApiKey!, new List<RequestRateLimit>(options.RateLimits));
            _maxRetryDelay = options.MaxRetryDelay;
            _apiKey = options.ApiKey!;
            _pipeline = BuildPipeline(options);
        }

        /// <summary>The base URL calls go to, ending with a slash.</summary>
        public Uri BaseUri { get; }

        /// <inheritdoc/>
        public Task<DuplicateCertificateList> ListDuplicateCertificatesAsync(int orderId, bool showArchived = false, CancellationToken cancellationToken = default)
        {
            RequirePositive(orderId, nameof(orderId));
            // The query parameter is sent only when it changes the default, as the docs' samples do.
            return CallAsync(
                "listDuplicateCertificates",
                $"order/certificate/{orderId}/duplicate" + (showArchived ? "?show_archived=true" : string.Empty),
                ct => _rest.ListDuplicateCertificatesAsync(orderId, showArchived ? true : null, ct),
                cancellationToken);
        }

        /// <inheritdoc/>
        public Task<KeyInfo> GetKeyInfoAsync(int keyId, CancellationToken cancellationToken = default)
        {
            RequirePositive(keyId, nameof(keyId));
            return CallAsync("getKeyInfo", $"key/{keyId}", ct => _rest.GetKeyInfoAsync(keyId, ct), cancellationToken);
        }

        /// <inheritdoc/>
        public Task<OrganizationValidationList> GetOrganizationValidationsAsync(int organizationId, CancellationToken cancellationToken = default)
        {
            RequirePositive(organizationId, nameof(organizationId));
            return CallAsync("getOrganizationValidations", $"organization/{organizationId}/validation", ct => _rest.GetOrganizationValidationsAsync(organizationId, ct), cancellationToken);
        }

        /// <summary>Disposes the <see cref="HttpClient"/> if this client created it.</summary>
        public void Dispose() => _ownedHttpClient?.Dispose();

        // Timeouts are the pipeline's; connections are pooled, bounded and recycled (DNS changes).
        private static HttpClient CreateOwnHttpClient(CertCentralClientOptions? options)
        {
            var maxConnections = options?.MaxConnections > 0 ? options.MaxConnections : 32;
#if NET8_0_OR_GREATER
            var handler = new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
#else
            var handler = new HttpClientHandler { MaxConnectionsPerServer = maxConnections };
#endif
            return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        }

        private static void RequirePositive(int id, string name)
        {
            if (id <= 0) throw new ArgumentOutOfRangeException(name, id, $"{name} must be a positive CertCentral ID.");
        }

        // Total time > retries (429, 503, no response, attempt timeout; Retry-After honoured) > one attempt's time.
        private ResiliencePipeline BuildPipeline(CertCentralClientOptions options)
        {
            var builder = new ResiliencePipelineBuilder().AddTimeout(options.OverallTimeout);
            if (options.MaxRetries > 0)
            {
                builder.AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    MaxDelay = options.MaxRetryDelay,
                    ShouldHandle = args => new ValueTask<bool>(args.Outcome.Exception switch
                    {
                        CertCentralException e => e.IsTransient && !(ServerRetryAfter(e) > _maxRetryDelay),
                        TimeoutRejectedException => true, // one attempt timed out
                        _ => false,
                    }),
                    DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Exception is CertCentralException e ? ServerRetryAfter(e) : null),
                    OnRetry = args =>
                    {
                        var operation = args.Context.Properties.GetValue(OperationKey, "?");
                        var reason = args.Outcome.Exception is CertCentralException e ? $"HTTP {e.Status} {e.ErrorCode}".TrimEnd() : "a timed-out attempt";
                        CertCentralDiagnostics.RetryScheduled(_logger, operation, (long)args.RetryDelay.TotalMilliseconds, args.AttemptNumber + 1, reason, null);
                        Activity.Current?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { { "retry.delay_ms", (long)args.RetryDelay.TotalMilliseconds }, { "retry.reason", reason } }));
                        return default;
                    },
                });
            }

            return builder.AddTimeout(options.AttemptTimeout).Build();
        }

        private static readonly ResiliencePropertyKey<string> OperationKey = new ResiliencePropertyKey<string>("certcentral.operation");

        private static TimeSpan? ServerRetryAfter(CertCentralException e) => RetryAfter.From(e.Headers, DateTimeOffset.UtcNow);

        private async Task<T> CallAsync<T>(string operationId, string relativeUrl, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var activity = CertCentralDiagnostics.ActivitySource.StartActivity("CertCentral " + operationId, ActivityKind.Client);
            if (activity != null)
            {
                var url = new Uri(BaseUri, relativeUrl);
                activity.SetTag("http.request.method", "GET");
                activity.SetTag("url.full", url.AbsoluteUri);
                activity.SetTag("server.address", url.Host);
                activity.SetTag("server.port", url.Port);
                activity.SetTag("digicert.operation", operationId);
            }

            var attempts = 0;
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(OperationKey, operationId);
            try
            {
                var result = await _pipeline.ExecuteAsync(
                    async (ctx, _) =>
                    {
                        attempts++;
                        if (_pacer != null) await _pacer.WaitAsync(ctx.CancellationToken).ConfigureAwait(false);
                        return await AttemptAsync(operationId, relativeUrl, attempts, call, ctx.CancellationToken).ConfigureAwait(false);
                    },
                    context,
                    state: 0).ConfigureAwait(false);
                activity?.SetTag("http.response.status_code", 200);
                return result;
            }
            catch (Exception e)
            {
                activity?.SetTag("error.type", e is CertCentralException { Status: > 0 } http ? http.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : e.GetType().FullName);
                if (e is CertCentralException { Status: > 0 } status) activity?.SetTag("http.response.status_code", status.Status);
                activity?.SetStatus(ActivityStatusCode.Error, e.Message);
                switch (e)
                {
                    case TimeoutRejectedException timeout:
                        // As HttpClient reports its own timeout: cancellation caused by a TimeoutException.
                        throw new TaskCanceledException(
                            $"The CertCentral call {operationId} timed out after {timeout.Timeout.TotalSeconds:0.###} s ({attempts} attempt(s)).",
                            new TimeoutException($"No answer within {timeout.Timeout.TotalSeconds:0.###} s.", timeout));
                    case CertCentralException failure when attempts > 1:
                        throw failure.AfterAttempts(attempts);
                    default:
                        throw;
                }
            }
            finally
            {
                if (attempts > 1) activity?.SetTag("http.request.resend_count", attempts - 1);
                ResilienceContextPool.Shared.Return(context);
            }
        }

        // One attempt: transport faults become CertCentralException; each outcome is logged.
        private async Task<T> AttemptAsync<T>(string operationId, string relativeUrl, int attempt, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        {
            // Status and headers are observed only for the log.
            var observation = _logger.IsEnabled(LogLevel.Information) ? ResponseObservation.Begin() : null;
            var started = Stopwatch.GetTimestamp();
            if (_logger.IsEnabled(LogLevel.Debug)) CertCentralDiagnostics.RequestStarting(_logger, operationId, new Uri(BaseUri, relativeUrl).AbsoluteUri, attempt, null);
            try
            {
                var result = await call(cancellationToken).ConfigureAwait(false);
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    CertCentralDiagnostics.RequestSucceeded(_logger, operationId, observation!.Status, ElapsedMilliseconds(started), CertCentralDiagnostics.DescribeHeaders(observation.Headers), null);
                }

                return result;
            }
            catch (HttpRequestException e)
            {
                throw Logged(new CertCentralException("the request failed before a response arrived", e));
            }
            catch (IOException e)
            {
                throw Logged(new CertCentralException("the connection failed while the response was read", e));
            }
            catch (CertCentralException e)
            {
                throw Logged(e);
            }

            CertCentralException Logged(CertCentralException e)
            {
                e = e.Redact(_apiKey);
                CertCentralDiagnostics.RequestFailed(_logger, operationId, e.Status, ElapsedMilliseconds(started), e.ErrorCode, CertCentralDiagnostics.DescribeHeaders(e.Status > 0 ? observation?.Headers : null), e);
                return e;
            }
        }

        private static long ElapsedMilliseconds(long started) => (Stopwatch.GetTimestamp() - started) * 1000 / Stopwatch.Frequency;
    }
}
