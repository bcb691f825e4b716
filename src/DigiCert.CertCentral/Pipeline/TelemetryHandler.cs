using System;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Diagnostics;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// One <see cref="Activity"/> of kind Client per call, outermost, with the OpenTelemetry HTTP
    /// tags; retries add "retry" events to it. Nothing is built when nobody listens.
    /// </summary>
    internal sealed class TelemetryHandler : DelegatingHandler
    {
        private readonly Redactor _redactor;

        public TelemetryHandler(Redactor redactor) => _redactor = redactor;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!CertCentralDiagnostics.ActivitySource.HasListeners()) return base.SendAsync(request, cancellationToken);
            return TracedAsync(request, cancellationToken);
        }

        private async Task<HttpResponseMessage> TracedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = CertCentralCall.Of(request);
            using var activity = CertCentralDiagnostics.ActivitySource.StartActivity("CertCentral " + call?.OperationId, ActivityKind.Client);
            if (activity is null) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

            var url = request.RequestUri!;
            activity.SetTag("http.request.method", request.Method.Method);
            activity.SetTag("url.full", _redactor.Url(url));
            activity.SetTag("server.address", url.Host);
            activity.SetTag("server.port", url.Port);
            activity.SetTag("digicert.operation", call?.OperationId);
            try
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                activity.SetTag("http.response.status_code", status);
                if (status >= 400)
                {
                    activity.SetTag("error.type", status.ToString(CultureInfo.InvariantCulture));
                    activity.SetStatus(ActivityStatusCode.Error);
                }

                return response;
            }
            catch (Exception e)
            {
                var status = (e as CertCentralException)?.Status ?? 0;
                if (status > 0) activity.SetTag("http.response.status_code", status);
                // An error status names the error; otherwise (no response, an unreadable 200, a timeout) the exception does.
                activity.SetTag("error.type", status >= 400 ? status.ToString(CultureInfo.InvariantCulture) : e.GetType().FullName);

                activity.SetStatus(ActivityStatusCode.Error, _redactor.Scrub(e.Message));
                throw;
            }
            finally
            {
                if (call?.Attempts > 1) activity.SetTag("http.request.resend_count", call.Attempts - 1);
            }
        }
    }
}
