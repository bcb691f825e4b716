using System;
using System.Net.Http;

namespace DigiCert.CertCentral.Tests.TestSupport
{
    internal static class ClientFactory
    {
        // Shaped like a real key (no real key is ever committed).
        public const string ApiKey = "TESTKEY0000PLACEHOLDER0000000000000000000000000000";

        /// <summary>A client that sends each call once (no retries, no pacing) unless configured otherwise.</summary>
        public static CertCentralClient Create(HttpMessageHandler handler, Action<CertCentralClientOptions>? configure = null)
        {
            var options = new CertCentralClientOptions { ApiKey = ApiKey, MaxRetries = 0 };
            options.RateLimits.Clear();
            configure?.Invoke(options);
            return new CertCentralClient(handler, options);
        }
    }
}
