using System;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Diagnostics;
using Microsoft.Extensions.Logging;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// Retries what may succeed later: 429 and 503 answers, no response (a network fault or a
    /// body cut short) and an attempt that timed out; never other statuses. The delay is the
    /// server's <c>Retry-After</c> when it sends one (one longer than <c>MaxRetryDelay</c> ends the
    /// call at once), else exponential back-off with jitter. Each retry passes pacing again.
    /// </summary>
    internal sealed class RetryHandler : DelegatingHandler
    {
        private readonly int _maxRetries;
        private readonly TimeSpan _baseDelay;
        private readonly TimeSpan _maxDelay;
        private readonly ILogger _logger;

        public RetryHandler(int maxRetries, TimeSpan baseDelay, TimeSpan maxDelay, ILogger logger)
        {
            _maxRetries = maxRetries;
            _baseDelay = baseDelay;
            _maxDelay = maxDelay;
            _logger = logger;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = CertCentralCall.Of(request);
            var message = request;
            for (var attempt = 1; ; attempt++)
            {
                if (call != null) call.Attempts = attempt;
                var canRetry = attempt <= _maxRetries;
                TimeSpan? serverDelay = null;
                string reason;
                try
                {
                    var response = await base.SendAsync(message, cancellationToken).ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    call?.Record("HTTP " + status.ToString(CultureInfo.InvariantCulture));
                    if (!canRetry || (status != 429 && status != 503)) return response;

                    serverDelay = RetryAfter.From(response, DateTimeOffset.UtcNow);
                    if (serverDelay > _maxDelay)
                    {
                        if (call != null) call.RetryAfterTooLong = serverDelay;
                        return response;
                    }

                    var errors = response.Content is BufferedContent body ? CertCentralException.ParseErrors(body.ReadText(), body.Redactor) : null;
                    reason = errors?.Count > 0 ? $"HTTP {status} {errors[0].Code}" : $"HTTP {status}";
                    response.Dispose();
                }
                catch (CertCentralException e) when (e.Status == 0 && !e.SentNothing && !cancellationToken.IsCancellationRequested)
                {
                    call?.Record("no response");
                    if (!canRetry) throw e.AfterAttempts(call, retriesRanOut: true);
                    reason = "no response";
                }
                catch (TaskCanceledException e) when (TimeoutHandler.IsTimeout(e) && !cancellationToken.IsCancellationRequested)
                {
                    call?.Record("timed out");
                    if (!canRetry)
                    {
                        if (attempt == 1 || call is null) throw;
                        throw new TaskCanceledException($"{e.Message.TrimEnd('.')}. {call.Summary()}", e.InnerException);
                    }

                    reason = "a timed-out attempt";
                }
                catch (CertCentralException e) when (attempt > 1)
                {
                    // Not retried (a refused redirect, a body that cannot be read...): the call ends here.
                    call?.Record(e.Status == 0 ? "failed before sending" : "HTTP " + e.Status.ToString(CultureInfo.InvariantCulture));
                    throw e.AfterAttempts(call, retriesRanOut: false);
                }

                var delay = serverDelay ?? Backoff(attempt);
                var operation = call?.OperationId ?? "?";
                CertCentralDiagnostics.RetryScheduled(_logger, operation, (long)delay.TotalMilliseconds, attempt, reason, null);
                Activity.Current?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { { "retry.delay_ms", (long)delay.TotalMilliseconds }, { "retry.reason", reason } }));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                message = CertCentralCall.Resend(request);
            }
        }

        // Exponential from the base delay, with jitter (between half and all of it), capped.
        private TimeSpan Backoff(int attempt)
        {
            var exponential = _baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
            var jittered = exponential * (0.5 + (0.5 * Jitter.Next()));
            return TimeSpan.FromMilliseconds(Math.Min(jittered, _maxDelay.TotalMilliseconds));
        }

        private static class Jitter
        {
            [ThreadStatic]
            private static Random? _random;

            public static double Next() => (_random ??= new Random(Guid.NewGuid().GetHashCode())).NextDouble();
        }
    }
}
