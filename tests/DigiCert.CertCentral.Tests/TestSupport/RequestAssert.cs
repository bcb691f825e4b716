using System.Net.Http;

namespace DigiCert.CertCentral.Tests.TestSupport
{
    internal static class RequestAssert
    {
        /// <summary>A CertCentral GET as the client sends it: the URL, the key once, JSON accepted, no body.</summary>
        public static void CertCentralGet(HttpRequestMessage request, string expectedUri)
        {
            Assert.Equal(HttpMethod.Get, request.Method);
            Assert.Equal(expectedUri, request.RequestUri!.AbsoluteUri);
            Assert.Equal(new[] { ClientFactory.ApiKey }, request.Headers.GetValues("X-DC-DEVKEY"));
            Assert.Equal("application/json", Assert.Single(request.Headers.Accept).MediaType);
            Assert.Null(request.Content); // no Content-Type on a bodiless GET, unlike the docs' samples
        }
    }
}
