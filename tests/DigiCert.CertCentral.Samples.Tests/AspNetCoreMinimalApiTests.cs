using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.Samples.Tests
{
    /// <summary>
    /// samples/AspNetCoreMinimalApi started as a process on a free loopback port, its two named
    /// clients pointed at two sandboxes (US and EU), answering real HTTP requests from the test.
    /// </summary>
    [Collection(SandboxCollection.Name)]
    public class AspNetCoreMinimalApiTests
    {
        private const string UsKey = "us-canary-key-0123456789abcdef";
        private const string EuKey = "eu-canary-key-0123456789abcdef";
        private readonly SandboxFixture sandbox;

        public AspNetCoreMinimalApiTests(SandboxFixture sandbox) => this.sandbox = sandbox;

        private Task<RunningApp> StartAsync() => RunningApp.StartAsync("AspNetCoreMinimalApi", new[]
        {
            // What a deployment sets outside appsettings.json: the keys, and here the sandboxes' URLs.
            "--CertCentral:US:ApiKey=" + UsKey,
            "--CertCentral:US:BaseUri=" + sandbox.UnitedStates,
            "--CertCentral:EU:ApiKey=" + EuKey,
            "--CertCentral:EU:BaseUri=" + sandbox.Europe,
        });

        [Fact]
        public async Task Each_named_client_calls_its_own_instance_and_the_endpoint_returns_json()
        {
            using var app = await StartAsync();
            using var http = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromMinutes(1) };

            foreach (var (account, instance) in new[] { ("us", sandbox.UnitedStates), ("eu", sandbox.Europe) })
            {
                using var response = await http.GetAsync($"/accounts/{account}/orders/12345/duplicates");
                var body = await response.Content.ReadAsStringAsync();

                Assert.True(response.StatusCode == HttpStatusCode.OK, body + "\n" + app.Output);
                Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
                var json = JObject.Parse(body);
                Assert.Equal(account.ToUpperInvariant(), (string?)json["account"]);
                Assert.Equal(instance.Authority, (string?)json["instance"]);
                Assert.Equal(new[] { "example.com", "anewdomain.com", "example.net" }, json["certificates"]!.Select(c => (string?)c["commonName"]));
                Assert.Equal("approved", (string?)json["certificates"]![0]!["status"]);
            }

            Assert.DoesNotContain(UsKey, app.Output);
            Assert.DoesNotContain(EuKey, app.Output);
        }

        [Fact]
        public async Task A_CertCentral_error_becomes_problem_details()
        {
            using var app = await StartAsync();
            using var http = new HttpClient { BaseAddress = app.Address, Timeout = TimeSpan.FromMinutes(1) };

            using var response = await http.GetAsync("/accounts/eu/orders/404/duplicates");
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.NotFound, body + "\n" + app.Output);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JObject.Parse(body);
            Assert.Equal(404, (int?)problem["status"]);
            Assert.Equal("Order not found.", (string?)problem["detail"]);
            Assert.Equal(404, (int?)problem["certCentralStatus"]);
            Assert.Equal("not_found|order", (string?)problem["errorCode"]);
            Assert.DoesNotContain(EuKey, body);

            using var unknown = await http.GetAsync("/accounts/apac/orders/12345/duplicates");
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains("No account 'apac'", await unknown.Content.ReadAsStringAsync());
        }
    }
}
