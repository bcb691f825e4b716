using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;

namespace DigiCert.CertCentral.Tests.Client
{
    /// <summary>What the client puts on the wire for each operation.</summary>
    public class RequestTests
    {
        private static void AssertCertCentralGet(HttpRequestMessage request, string expectedUri)
        {
            Assert.Equal(HttpMethod.Get, request.Method);
            Assert.Equal(expectedUri, request.RequestUri!.AbsoluteUri);
            Assert.Equal(new[] { ClientFactory.ApiKey }, request.Headers.GetValues("X-DC-DEVKEY"));
            Assert.Equal("application/json", Assert.Single(request.Headers.Accept).MediaType);
            Assert.Null(request.Content); // no Content-Type on a bodiless GET, unlike the docs' samples
        }

        [Fact]
        public async Task List_duplicates_gets_the_order_path_without_a_query()
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("listDuplicateCertificates.seed.json"));

            var list = await ClientFactory.Create(handler).ListDuplicateCertificatesAsync(12345);

            AssertCertCentralGet(handler.Single, "https://www.digicert.com/services/v2/order/certificate/12345/duplicate");
            Assert.Equal(3, list.Certificates.Count);
        }

        [Fact]
        public async Task List_duplicates_with_archived_sends_show_archived_true()
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("listDuplicateCertificates.seed.json"));

            await ClientFactory.Create(handler).ListDuplicateCertificatesAsync(12345, showArchived: true);

            AssertCertCentralGet(handler.Single, "https://www.digicert.com/services/v2/order/certificate/12345/duplicate?show_archived=true");
        }

        [Fact]
        public async Task Get_key_info_calls_the_single_base_path_not_the_docs_doubled_one()
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("getKeyInfo.apiKey.json"));

            var key = await ClientFactory.Create(handler).GetKeyInfoAsync(184);

            AssertCertCentralGet(handler.Single, "https://www.digicert.com/services/v2/key/184");
            Assert.Equal(184, key.Id);
        }

        [Fact]
        public async Task Get_organization_validations_gets_the_organization_path()
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("getOrganizationValidations.seed.json"));

            var list = await ClientFactory.Create(handler).GetOrganizationValidationsAsync(112233);

            AssertCertCentralGet(handler.Single, "https://www.digicert.com/services/v2/organization/112233/validation");
            Assert.Equal(2, list.Validations.Count);
        }

        [Theory]
        [InlineData("http://127.0.0.1:8080/services/v2")]
        [InlineData("http://127.0.0.1:8080/services/v2/")]
        public async Task A_base_url_works_with_or_without_a_trailing_slash(string baseUrl)
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("getKeyInfo.apiKey.json"));

            await ClientFactory.Create(handler, o => o.BaseUri = new Uri(baseUrl)).GetKeyInfoAsync(184);

            AssertCertCentralGet(handler.Single, "http://127.0.0.1:8080/services/v2/key/184");
        }

        [Fact]
        public async Task The_europe_region_calls_the_eu_host()
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("getKeyInfo.apiKey.json"));

            await ClientFactory.Create(handler, o => o.Region = CertCentralRegion.Europe).GetKeyInfoAsync(184);

            AssertCertCentralGet(handler.Single, "https://certcentral.digicert.eu/services/v2/key/184");
        }

        [Fact]
        public async Task A_base_url_overrides_the_region()
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("getKeyInfo.apiKey.json"));

            await ClientFactory.Create(handler, o => { o.Region = CertCentralRegion.Europe; o.BaseUri = new Uri("https://proxy.example.com/cc/"); }).GetKeyInfoAsync(1);

            Assert.Equal("https://proxy.example.com/cc/key/1", handler.Single.RequestUri!.AbsoluteUri);
        }

        [Fact]
        public async Task Every_request_carries_the_key_once_even_when_the_transport_is_shared()
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("getKeyInfo.apiKey.json"));
            var first = new CertCentralClient(handler, new CertCentralClientOptions { ApiKey = "KEYONE" });
            var second = new CertCentralClient(handler, new CertCentralClientOptions { ApiKey = "KEYTWO" });

            await first.GetKeyInfoAsync(1);
            await second.GetKeyInfoAsync(2);
            await first.GetKeyInfoAsync(3);

            Assert.Equal(new[] { "KEYONE", "KEYTWO", "KEYONE" }, handler.Requests.Select(r => r.Headers.GetValues("X-DC-DEVKEY").Single()));
        }
    }
}
