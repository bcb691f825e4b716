using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;

namespace DigiCert.CertCentral.Tests.Client
{
    /// <summary>Bad arguments fail before any request is sent, without echoing the key.</summary>
    public class ArgumentTests
    {
        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("   ")]
        public void A_missing_api_key_is_refused(string? key)
        {
            var error = Assert.Throws<ArgumentException>(() => new CertCentralClient(new HttpClientHandler(), new CertCentralClientOptions { ApiKey = key }));

            Assert.Contains("API key is required", error.Message);
        }

        [Theory]
        [InlineData("ABC\r\nX-Injected: 1")]
        [InlineData("ABC DEF")]
        [InlineData("ABC\tDEF")]
        [InlineData("ABCÄDEF")]
        public void An_api_key_that_would_break_the_header_is_refused_without_echoing_it(string key)
        {
            var error = Assert.Throws<ArgumentException>(() => new CertCentralClient(new HttpClientHandler(), new CertCentralClientOptions { ApiKey = key }));

            Assert.DoesNotContain(key, error.ToString());
        }

        [Theory]
        [InlineData("http://www.digicert.com/services/v2")]
        [InlineData("ftp://127.0.0.1/services/v2")]
        public void A_base_url_without_https_is_refused_unless_loopback(string url)
        {
            var error = Assert.Throws<ArgumentException>(() => new CertCentralClient(new HttpClientHandler(), new CertCentralClientOptions { ApiKey = "K", BaseUri = new Uri(url) }));

            Assert.Contains("https", error.Message);
        }

        [Fact]
        public void Null_arguments_are_refused()
        {
            Assert.Throws<ArgumentNullException>(() => new CertCentralClient(null!));
            Assert.Throws<ArgumentNullException>(() => new CertCentralClient(null!, new CertCentralClientOptions { ApiKey = "K" }));
            Assert.Throws<ArgumentNullException>(() => new CertCentralClient(new HttpClientHandler(), null!));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-1)]
        [InlineData(int.MinValue)]
        public async Task Non_positive_ids_fail_before_any_request(int id)
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, "{}");
            var client = ClientFactory.Create(handler);

            var orderError = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ListDuplicateCertificatesAsync(id));
            var keyError = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetKeyInfoAsync(id));
            var organizationError = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetOrganizationValidationsAsync(id));

            Assert.Equal("orderId", orderError.ParamName);
            Assert.Equal("keyId", keyError.ParamName);
            Assert.Equal("organizationId", organizationError.ParamName);
            Assert.Empty(handler.Requests);
        }

        [Fact]
        public void Options_never_print_the_key()
        {
            var options = new CertCentralClientOptions { ApiKey = ClientFactory.ApiKey };

            Assert.DoesNotContain(ClientFactory.ApiKey, options.ToString());
            Assert.Contains("(set)", options.ToString());
        }
    }
}
