using System;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Diagnostics;
using Microsoft.Extensions.Logging;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// Logs each attempt: its start (Debug), its answer (Information for success, Warning for an
    /// error status or a failure). Request headers are never logged; response headers are cleaned
    /// of the key below this handler and shown through an allow list; URLs without user-info.
    /// Whether a level is on is asked at each event, so a level changed mid-call is harmless.
    /// </summary>
    internal sealed class LoggingHandler : DelegatingHandler
    {
        private readonly ILogger _logger;
        private readonly Redactor _redactor;

        public LoggingHandler(ILogger logger, Redactor redactor)
        {
            _logger = logger;
            _redactor = redactor;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = CertCentralCall.Of(request);
            var operation = call?.OperationId ?? "?";
            if (_logger.IsEnabled(LogLevel.Debug)) CertCentralDiagnostics.RequestStarting(_logger, operation, _redactor.Url(request.RequestUri), call?.Attempts ?? 1, null);
            var started = Stopwatch.GetTimestamp();
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                if (_logger.IsEnabled(LogLevel.Warning))
                {
                    var failure = e as CertCentralException;
                    var headers = failure is null ? string.Empty : CertCentralDiagnostics.DescribeHeaders(failure.Headers);
                    CertCentralDiagnostics.RequestFailed(_logger, operation, failure?.Status ?? 0, ElapsedMilliseconds(started), failure?.ErrorCode, headers, e);
                }

                throw;
            }

            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    CertCentralDiagnostics.RequestSucceeded(_logger, operation, code, ElapsedMilliseconds(started), CertCentralDiagnostics.DescribeHeaders(response), null);
                }
            }
            else if (_logger.IsEnabled(LogLevel.Warning))
            {
                var errors = response.Content is BufferedContent body ? CertCentralException.ParseErrors(body.ReadText(), _redactor) : null;
                var errorCode = errors?.Count > 0 ? errors[0].Code : null;
                CertCentralDiagnostics.RequestFailed(_logger, operation, code, ElapsedMilliseconds(started), errorCode, CertCentralDiagnostics.DescribeHeaders(response), null);
            }

            return response;
        }

        private static long ElapsedMilliseconds(long started) => (Stopwatch.GetTimestamp() - started) * 1000 / Stopwatch.Frequency;
    }
}
