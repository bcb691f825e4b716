using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace DigiCert.CertCentral.Diagnostics
{
    /// <summary>Logging events, the activity source and the User-Agent, in one place.</summary>
    internal static class CertCentralDiagnostics
    {
        public static readonly string Version = (typeof(CertCentralDiagnostics).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

        public static readonly string UserAgent = $"DigiCert.CertCentral/{Version}";

        public static readonly ActivitySource ActivitySource = new ActivitySource(CertCentralClient.ActivitySourceName, Version);

        // Response headers worth logging; any other header is logged by name only. Request headers
        // (which carry the API key) are never logged; values are cleaned of the key before this.
        private static readonly HashSet<string> LoggedHeaderValues = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Content-Type", "Content-Length", "Date", "Retry-After", "X-Request-Id", "X-Correlation-Id",
        };

        public static string DescribeHeaders(HttpResponseMessage response) =>
            DescribeHeaders(response.Content is null ? response.Headers : response.Headers.Concat(response.Content.Headers));

        public static string DescribeHeaders(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers) =>
            string.Join("; ", headers.Select(h => LoggedHeaderValues.Contains(h.Key) ? $"{h.Key}: {string.Join(", ", h.Value)}" : $"{h.Key}: [redacted]"));

        public static readonly Action<ILogger, string, string, int, Exception?> RequestStarting = LoggerMessage.Define<string, string, int>(
            LogLevel.Debug, new EventId(1, nameof(RequestStarting)), "CertCentral {OperationId}: GET {Url}, attempt {Attempt}");

        public static readonly Action<ILogger, string, int, long, string, Exception?> RequestSucceeded = LoggerMessage.Define<string, int, long, string>(
            LogLevel.Information, new EventId(2, nameof(RequestSucceeded)), "CertCentral {OperationId}: HTTP {StatusCode} in {ElapsedMilliseconds} ms; response headers {Headers}");

        public static readonly Action<ILogger, string, int, long, string?, string, Exception?> RequestFailed = LoggerMessage.Define<string, int, long, string?, string>(
            LogLevel.Warning, new EventId(3, nameof(RequestFailed)), "CertCentral {OperationId}: failed with HTTP {StatusCode} in {ElapsedMilliseconds} ms, code {ErrorCode}; response headers {Headers}");

        public static readonly Action<ILogger, string, long, int, string, Exception?> RetryScheduled = LoggerMessage.Define<string, long, int, string>(
            LogLevel.Warning, new EventId(4, nameof(RetryScheduled)), "CertCentral {OperationId}: retrying in {DelayMilliseconds} ms (retry {Retry}) after {Reason}");
    }
}
