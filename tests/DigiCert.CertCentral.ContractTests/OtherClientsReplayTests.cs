using System;
using System.Net.Http;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;

namespace DigiCert.CertCentral.ContractTests
{
    /// <summary>
    /// Other teams replay the same recordings with their generated clients, through the installed
    /// sandbox tool; their clients send other Accept headers (fetch: */*; axios: a list), other
    /// header-name case (fetch in Kiota: x-dc-devkey) and may send show_archived=false, the default.
    /// They get the recorded answers, not WireMock's 404.
    /// </summary>
    [Collection(InstalledSandboxCollection.Name)]
    public class OtherClientsReplayTests
    {
        private readonly InstalledSandboxFixture _fixture;

        public OtherClientsReplayTests(InstalledSandboxFixture fixture) => _fixture = fixture;

        private async Task<(int Status, string Body)> GetAsync(string pathAndQuery, string? accept, string keyHeader = "X-DC-DEVKEY")
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_fixture.Sandbox.BaseUri, pathAndQuery));
            request.Headers.TryAddWithoutValidation(keyHeader, "ANY-KEY-VALUE");
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
            var (status, body) = await GetAsync("key/184", accept);

            Assert.Equal(200, status);
            JsonAssert.Equal(Recording.Named("getKeyInfo.apiKey").Body, body);
        }

        [Theory]
        [InlineData("x-dc-devkey")] // fetch in Kiota's TypeScript client; every HTTP/2 client
        [InlineData("X-Dc-Devkey")]
        public async Task A_client_that_spells_the_key_header_in_its_own_case_gets_the_recording(string keyHeader)
        {
            var (status, body) = await GetAsync("key/184", "application/json", keyHeader);

            Assert.Equal(200, status);
            JsonAssert.Equal(Recording.Named("getKeyInfo.apiKey").Body, body);
        }

        [Theory]
        [InlineData("text/html")]
        [InlineData(null)]
        public async Task A_client_that_does_not_accept_json_gets_no_recording(string? accept)
        {
            var (status, _) = await GetAsync("key/184", accept);

            Assert.Equal(404, status);
        }

        [Theory]
        [InlineData("", "listDuplicateCertificates.seed")]
        [InlineData("?show_archived=false", "listDuplicateCertificates.seed")]
        [InlineData("?show_archived=true", "listDuplicateCertificates.showArchived")]
        public async Task Show_archived_false_reads_as_the_default_and_true_as_the_archived_recording(string query, string expected)
        {
            var (status, body) = await GetAsync("order/certificate/12345/duplicate" + query, "application/json");

            Assert.Equal(200, status);
            JsonAssert.Equal(Recording.Named(expected).Body, body);
        }
    }
}
