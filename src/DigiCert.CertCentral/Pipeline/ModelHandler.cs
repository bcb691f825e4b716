using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// Reads a success body into its model inside the attempt, so that a body that cannot be read
    /// fails the attempt where logging and telemetry see it, like any other failure (it is not
    /// retried: the same server would send the same body).
    /// </summary>
    internal sealed class ModelHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var reader = CertCentralCall.Of(request)?.Reader;
            if (reader is null || (int)response.StatusCode != reader.Status || response.Content is not BufferedContent body) return response;
            try
            {
                reader.Read(response, body);
                return response;
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }
    }
}
