using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;

namespace DigiCert.CertCentral.Tests.Client
{
    /// <summary>
    /// Request paths are appended to the base URL's text, so a query string or fragment in it
    /// would swallow them (".../v2?x=1key/184"): such a base URL is refused before any request.
    /// </summary>
    public class BaseUriTests
    {
        [Theory]
        [InlineData("https://www.digicert.com/services/v2?x=1")]
        [InlineData("https://www.digicert.com/services/v2/?")]
        [InlineData("https://www.digicert.com/services/v2#top")]
        [InlineData("http://127.0.0.1:8080/services/v2/?proxy=on#frag")]
        public void A_base_url_with_a_query_or_fragment_is_refused(string url)
        {
            var error = Assert.Throws<ArgumentException>(() => new CertCentralClient(new HttpClientHandler(), new CertCentralClientOptions { ApiKey = "K", BaseUri = new Uri(url) }));

            Assert.Equal("BaseUri", error.ParamName);
            Assert.Contains("query string or fragment", error.Message);
        }

        [Theory]
        [InlineData("https://www.digicert.com/services/v2", "https://www.digicert.com/services/v2/key/184")]
        [InlineData("https://proxy.example.com/digicert/services/v2/", "https://proxy.example.com/digicert/services/v2/key/184")]
        public async Task A_base_url_without_query_or_fragment_is_used_as_the_prefix(string url, string expectedRequest)
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("getKeyInfo.apiKey.json"));
            var options = new CertCentralClientOptions { ApiKey = "K", BaseUri = new Uri(url), MaxRetries = 0 };
            options.RateLimits.Clear();
            using var client = new CertCentralClient(handler, options);

            await client.GetKeyInfoAsync(184);

            Assert.Equal(expectedRequest, handler.Requests[0].RequestUri!.ToString());
        }
    }
}
