using System;
using System.Net.Http;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;

namespace DigiCert.CertCentral.ContractTests
{
    /// <summary>
    /// Other teams replay the same recordings with their generated clients, which send other
    /// Accept headers (fetch: */*; axios: a list) and may send show_archived=false, the default.
    /// They get the recorded answers, not WireMock's 404.
    /// </summary>
    [Collection(WireMockCollection.Name)]
    public class OtherClientsReplayTests
    {
        private readonly WireMockFixture _fixture;

        public OtherClientsReplayTests(WireMockFixture fixture) => _fixture = fixture;

        private async Task<(int Status, string Body)> GetAsync(string pathAndQuery, string? accept)
        {
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_fixture.Server.BaseUri, pathAndQuery));
            request.Headers.Add("X-DC-DEVKEY", "ANY-KEY-VALUE");
            if (accept != null) request.Headers.TryAddWithoutValidation("Accept", accept);
            using var response = await http.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        [Theory]
        [InlineData("application/json")]
        [InlineData("*/*")] // fetch
        [InlineData("application/json, text/plain, */*")] // axios
        [InlineData("application/json; charset=utf-8")]
        [InlineData("APPLICATION/JSON")]
        [InlineData("application/*")]
        public async Task A_client_that_accepts_json_in_its_own_words_gets_the_recording(string accept)
        {
            _fixture.Server.ResetRequests();

            var (status, body) = await GetAsync("key/184", accept);

            Assert.Equal(200, status);
            JsonAssert.Equal(Recording.Named("getKeyInfo.apiKey").Body, body);
            _fixture.AssertAllRequestsMatched();
        }

        [Theory]
        [InlineData("text/html")]
        [InlineData(null)]
        public async Task A_client_that_does_not_accept_json_gets_no_recording(string? accept)
        {
            _fixture.Server.ResetRequests();

            var (status, _) = await GetAsync("key/184", accept);

            Assert.Equal(404, status);
            _fixture.Server.ResetRequests();
        }

        [Theory]
        [InlineData("", "listDuplicateCertificates.seed")]
        [InlineData("?show_archived=false", "listDuplicateCertificates.seed")]
        [InlineData("?show_archived=true", "listDuplicateCertificates.showArchived")]
        public async Task Show_archived_false_reads_as_the_default_and_true_as_the_archived_recording(string query, string expected)
        {
            _fixture.Server.ResetRequests();

            var (status, body) = await GetAsync("order/certificate/12345/duplicate" + query, "application/json");

            Assert.Equal(200, status);
            JsonAssert.Equal(Recording.Named(expected).Body, body);
            _fixture.AssertAllRequestsMatched();
        }
    }
}
