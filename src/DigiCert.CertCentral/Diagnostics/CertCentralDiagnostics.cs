using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace DigiCert.CertCentral.Diagnostics
{
    /// <summary>
    /// What the client tells the outside about its calls, in one place: log events, spans
    /// (a logical span of kind Internal per call, an HTTP span of kind Client per attempt) and
    /// metrics (OpenTelemetry's <c>http.client.request.duration</c> per attempt, the wait for a
    /// rate-limit permit, retries and 429s). Everything it is given is already cleaned of the API
    /// key; nothing is built when nobody listens.
    /// </summary>
    internal static class CertCentralDiagnostics
    {
        public static readonly string Version = (typeof(CertCentralDiagnostics).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

        public static readonly string UserAgent = $"DigiCert.CertCentral/{Version}";

        public static readonly ActivitySource ActivitySource = new ActivitySource(CertCentralClient.ActivitySourceName, Version);

        private const int MaxServerText = 100;

        private static readonly Meter Meter = new Meter(CertCentralClient.MeterName, Version);

        private static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
            "http.client.request.duration", "s", "Duration of HTTP client requests (one per attempt).");

        private static readonly Histogram<double> PermitWait = Meter.CreateHistogram<double>(
            "certcentral.client.rate_limit.wait.duration", "s", "Time an attempt waited for a permit of the client-side rate limiter.");

        private static readonly Counter<long> Retries = Meter.CreateCounter<long>(
            "certcentral.client.retries", "{retry}", "Retries scheduled, by operation and reason.");

        private static readonly Counter<long> RateLimited = Meter.CreateCounter<long>(
            "certcentral.client.rate_limited", "{response}", "HTTP 429 answers from CertCentral, by operation.");

        // Response headers whose values are logged; any other is logged by name only. Request
        // headers (which carry the API key) are never logged.
        private static readonly HashSet<string> LoggedHeaderValues = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Content-Type", "Content-Length", "Date", "Retry-After", "X-Request-Id", "X-Correlation-Id",
        };

        private static readonly Action<ILogger, string, string, int, Exception?> LogStarting = LoggerMessage.Define<string, string, int>(
            LogLevel.Debug, new EventId(1, "RequestStarting"), "CertCentral {OperationId}: GET {Url}, attempt {Attempt}");

        private static readonly Action<ILogger, string, int, long, string, Exception?> LogSucceeded = LoggerMessage.Define<string, int, long, string>(
            LogLevel.Information, new EventId(2, "RequestSucceeded"), "CertCentral {OperationId}: HTTP {StatusCode} in {ElapsedMilliseconds} ms; response headers {Headers}");

        private static readonly Action<ILogger, string, int, long, string?, string, Exception?> LogFailed = LoggerMessage.Define<string, int, long, string?, string>(
            LogLevel.Warning, new EventId(3, "RequestFailed"), "CertCentral {OperationId}: failed with HTTP {StatusCode} in {ElapsedMilliseconds} ms, code {ErrorCode}; response headers {Headers}");

        private static readonly Action<ILogger, string, long, int, string, Exception?> LogRetry = LoggerMessage.Define<string, long, int, string>(
            LogLevel.Warning, new EventId(4, "RetryScheduled"), "CertCentral {OperationId}: retrying in {DelayMilliseconds} ms (retry {Retry}) after {Reason}");

        /// <summary>The call's logical span, or null when nobody listens.</summary>
        public static Activity? StartCall(string operationId, Uri uri)
        {
            if (!ActivitySource.HasListeners()) return null;
            var activity = ActivitySource.StartActivity("CertCentral " + operationId, ActivityKind.Internal);
            activity?.SetTag("digicert.operation", operationId);
            activity?.SetTag("server.address", uri.Host);
            activity?.SetTag("server.port", uri.Port);
            return activity;
        }

        public static void EndCall(Activity? activity, int attempts, Exception? failure)
        {
            if (activity is null) return;
            if (attempts > 1) activity.SetTag("digicert.attempts", attempts);
            if (failure != null)
            {
                activity.SetTag("error.type", ErrorType(failure));
                activity.SetStatus(ActivityStatusCode.Error, failure.Message);
            }

            activity.Dispose();
        }

        /// <summary>An attempt is starting: its HTTP span (null when nobody listens) and its Debug log entry.</summary>
        public static Activity? StartAttempt(ILogger logger, string operationId, Uri uri, Pipeline.Redactor redactor, int attempt)
        {
            if (logger.IsEnabled(LogLevel.Debug)) LogStarting(logger, operationId, redactor.Url(uri), attempt, null);
            if (!ActivitySource.HasListeners()) return null;
            var url = redactor.Url(uri);
            var activity = ActivitySource.StartActivity("GET", ActivityKind.Client);
            if (activity is null) return null;
            activity.SetTag("http.request.method", "GET");
            activity.SetTag("url.full", url);
            activity.SetTag("server.address", uri.Host);
            activity.SetTag("server.port", uri.Port);
            activity.SetTag("digicert.operation", operationId);
            if (attempt > 1) activity.SetTag("http.request.resend_count", attempt - 1);
            return activity;
        }

        /// <summary>An attempt has ended: its log entry, span and duration. <paramref name="status"/> is 0 when no response came.</summary>
        public static void EndAttempt(ILogger logger, Activity? activity, string operationId, Uri uri, long startedTimestamp, int status, string? errorCode, IEnumerable<KeyValuePair<string, IEnumerable<string>>>? headers, Exception? failure)
        {
            var seconds = (Stopwatch.GetTimestamp() - startedTimestamp) / (double)Stopwatch.Frequency;
            var failed = failure != null || status >= 400;
            var errorType = failure != null && !(failure is CertCentralException { Status: >= 400 }) ? ErrorType(failure) : status >= 400 ? status.ToString(CultureInfo.InvariantCulture) : null;
            if (status == 429) RateLimited.Add(1, new KeyValuePair<string, object?>("digicert.operation", operationId), new KeyValuePair<string, object?>("server.address", uri.Host), new KeyValuePair<string, object?>("server.port", uri.Port));
            if (RequestDuration.Enabled)
            {
                var tags = new TagList
                {
                    { "http.request.method", "GET" },
                    { "server.address", uri.Host },
                    { "server.port", uri.Port },
                    { "url.scheme", uri.Scheme },
                    { "digicert.operation", operationId },
                };
                if (status > 0) tags.Add("http.response.status_code", status);
                if (errorType != null) tags.Add("error.type", errorType);
                RequestDuration.Record(seconds, tags);
            }

            if (activity != null)
            {
                if (status > 0) activity.SetTag("http.response.status_code", status);
                if (errorType != null)
                {
                    activity.SetTag("error.type", errorType);
                    activity.SetStatus(ActivityStatusCode.Error, failure?.Message);
                }

                activity.Dispose();
            }

            errorCode = Bounded(errorCode);
            var milliseconds = (long)(seconds * 1000);
            if (!failed && logger.IsEnabled(LogLevel.Information)) LogSucceeded(logger, operationId, status, milliseconds, Describe(headers), null);
            if (failed && logger.IsEnabled(LogLevel.Warning)) LogFailed(logger, operationId, status, milliseconds, errorCode, Describe(headers), status == 0 ? failure : null);
        }

        public static void RetryScheduled(ILogger logger, Activity? call, string operationId, Uri uri, TimeSpan delay, int retry, string reason)
        {
            reason = Bounded(reason)!;
            Retries.Add(1, new KeyValuePair<string, object?>("digicert.operation", operationId), new KeyValuePair<string, object?>("digicert.retry.reason", reason), new KeyValuePair<string, object?>("server.address", uri.Host), new KeyValuePair<string, object?>("server.port", uri.Port));
            if (logger.IsEnabled(LogLevel.Warning)) LogRetry(logger, operationId, (long)delay.TotalMilliseconds, retry, reason, null);
            call?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection { { "retry.delay_ms", (long)delay.TotalMilliseconds }, { "retry.reason", reason } }));
        }

        public static void PermitWaited(string operationId, Uri uri, long startedTimestamp)
        {
            if (!PermitWait.Enabled) return;
            PermitWait.Record((Stopwatch.GetTimestamp() - startedTimestamp) / (double)Stopwatch.Frequency, new KeyValuePair<string, object?>("digicert.operation", operationId), new KeyValuePair<string, object?>("server.address", uri.Host), new KeyValuePair<string, object?>("server.port", uri.Port));
        }

        // Server text (an error code) in a log entry, a metric tag or a span event: bounded and on one line, whatever the server sent.
        private static string? Bounded(string? text)
        {
            if (text is null) return null;
            var shown = text.Length > MaxServerText ? text.Substring(0, MaxServerText) + "..." : text;
            return shown.Any(char.IsControl) ? new string(shown.Select(c => char.IsControl(c) ? ' ' : c).ToArray()) : shown;
        }

        private static string ErrorType(Exception failure) => failure is CertCentralException { Status: >= 400 } http ? http.Status.ToString(CultureInfo.InvariantCulture) : failure.GetType().FullName!;

        private static string Describe(IEnumerable<KeyValuePair<string, IEnumerable<string>>>? headers) =>
            headers is null ? string.Empty : string.Join("; ", headers.Select(h => LoggedHeaderValues.Contains(h.Key) ? $"{h.Key}: {string.Join(", ", h.Value)}" : $"{h.Key}: [redacted]"));
    }
}
