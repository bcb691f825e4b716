using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;

namespace DigiCert.CertCentral.Diagnostics
{
    /// <summary>
    /// What the generated client saw of one attempt's response (status and headers), handed from
    /// its ProcessResponse hook to the call that logs and traces it.
    /// </summary>
    internal sealed class ResponseObservation
    {
        private static readonly AsyncLocal<ResponseObservation?> CurrentAttempt = new AsyncLocal<ResponseObservation?>();

        public static ResponseObservation? Current => CurrentAttempt.Value;

        public int Status { get; private set; }

        public IReadOnlyList<KeyValuePair<string, IEnumerable<string>>> Headers { get; private set; } = new List<KeyValuePair<string, IEnumerable<string>>>();

        /// <summary>Starts observing an attempt (for the log only).</summary>
        public static ResponseObservation Begin()
        {
            var observation = new ResponseObservation();
            CurrentAttempt.Value = observation;
            return observation;
        }

        public void Observe(HttpResponseMessage response)
        {
            Status = (int)response.StatusCode;
            Headers = response.Headers.Concat(response.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()).ToList();
        }
    }
}
