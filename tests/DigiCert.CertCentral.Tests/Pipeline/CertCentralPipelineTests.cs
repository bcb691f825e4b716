using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;
using FsCheck;
using FsCheck.Fluent;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.Tests.Pipeline
{
    /// <summary>
    /// The call loop classifies each answer once: the model of the success status, or the one
    /// <see cref="CertCentralException"/>, DigiCert's errors under a success status included.
    /// Property-based: whatever status, body and headers come back, a call ends in a model or in
    /// <see cref="CertCentralException"/>; no other exception escapes, and nothing hangs.
    /// </summary>
    public class CertCentralPipelineTests
    {
        private static readonly string[] Recordings =
        {
            Repo.Recording("listDuplicateCertificates.seed.json"),
            Repo.Recording("getKeyInfo.apiKey.json"),
            Repo.Recording("getKeyInfo.acmeUrl.json"),
            Repo.Recording("getOrganizationValidations.seed.json"),
            Repo.Recording("getKeyInfo.invalidKey.json"),
            Repo.Recording("listDuplicateCertificates.proxyError.html"),
        };

        private static readonly Gen<JToken> AnyJsonValue = Gen.OneOf(
            Gen.Constant<JToken>(JValue.CreateNull()),
            ArbMap.Default.GeneratorFor<int>().Select(i => (JToken)new JValue(i)),
            ArbMap.Default.GeneratorFor<double>().Where(d => !double.IsNaN(d) && !double.IsInfinity(d)).Select(d => (JToken)new JValue(d)),
            ArbMap.Default.GeneratorFor<bool>().Select(b => (JToken)new JValue(b)),
            Gen.Elements("", "0", "1", "2018-11-20T22:27:47+00:00", "not a date", "active", "9999999999999", "\u0000\uFFFF").Select(s => (JToken)new JValue(s)),
            Gen.Constant<JToken>(new JArray()),
            Gen.Constant<JToken>(new JObject()));

        // A recorded body with one value replaced, one field removed, or the text cut short.
        private static Gen<string> MutatedRecording() =>
            from recording in Gen.Elements(Recordings)
            from kind in Gen.Choose(0, 3)
            from pick in Gen.Choose(0, 1000)
            from replacement in AnyJsonValue
            select Mutate(recording, kind, pick, replacement);

        private static string Mutate(string recording, int kind, int pick, JToken replacement)
        {
            if (kind == 3 || !recording.TrimStart().StartsWith("{", StringComparison.Ordinal)) return recording.Substring(0, pick * recording.Length / 1000);
            var json = JsonAssert.Parse(recording);
            var values = json.SelectTokens("$..*").ToList();
            var target = values[pick % values.Count];
            if (target.Parent is null) return json.ToString();
            if (kind == 0) target.Replace(replacement.DeepClone());
            else if (kind == 1 && target.Parent is JProperty property && property.Parent is JObject) property.Remove();
            else if (target.Parent is JProperty renamed && renamed.Parent is JObject owner) { renamed.Remove(); owner.Add(new JProperty(renamed.Name + "_x", renamed.Value)); }
            return json.ToString();
        }

        private static readonly Gen<string> Body = Gen.OneOf(
            MutatedRecording(),
            Gen.Elements(Recordings),
            ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty),
            Gen.Elements("", "null", "[]", "{}", "{\"errors\":null}", "{\"errors\":[null]}", "{\"errors\":[{}]}", "\"text\"", "{\"certificates\":[{}]}"));

        private static readonly Gen<int> Status = Gen.OneOf(
            Gen.Constant(200),
            Gen.Elements(200, 201, 204, 301, 304, 400, 401, 403, 404, 409, 429, 500, 502, 503, 504),
            Gen.Choose(100, 599));

        private static readonly Gen<(string Name, string Value)[]> Headers = Gen.ArrayOf(
            from name in Gen.Elements("Retry-After", "Content-Type", "X-Request-Id", "Set-Cookie", "Content-Encoding")
            from value in Gen.OneOf(
                Gen.Elements("0", "1", "-5", "99999999999", "Wed, 21 Oct 2015 07:28:00 GMT", "application/json", "text/html; charset=utf-8", "gzip", "garbage"),
                ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty))
            select (name, value));

        private static readonly Gen<Scenario> Scenarios =
            from status in Status
            from body in Body
            from headers in Headers
            from operation in Gen.Choose(0, 2)
            select new Scenario(status, body, headers, operation);

        public sealed record Scenario(int Status, string Body, (string Name, string Value)[] Headers, int Operation)
        {
            public override string ToString() => $"HTTP {Status}, operation {Operation}, headers [{string.Join("; ", Headers.Select(h => h.Name + ": " + h.Value))}], body: {Body}";
        }

        private static HttpResponseMessage Respond(Scenario scenario)
        {
            var response = new HttpResponseMessage((HttpStatusCode)scenario.Status) { Content = new StringContent(scenario.Body, Encoding.UTF8, "application/json") };
            foreach (var (name, value) in scenario.Headers)
            {
                if (!response.Headers.TryAddWithoutValidation(name, value)) response.Content.Headers.TryAddWithoutValidation(name, value);
            }

            return response;
        }

        private static bool EndsInModelOrClientException(Scenario scenario)
        {
            var options = new CertCentralClientOptions
            {
                ApiKey = ClientFactory.ApiKey,
                BaseUri = new Uri("https://www.digicert.com/services/v2"),
                MaxRetries = 1,
                RetryBaseDelay = TimeSpan.FromMilliseconds(1),
                MaxRetryDelay = TimeSpan.FromMilliseconds(10),
                OverallTimeout = TimeSpan.FromSeconds(30),
                AttemptTimeout = TimeSpan.FromSeconds(30),
            };
            options.RateLimits.Clear();
            using var client = new CertCentralClient(new RecordingHandler(_ => Respond(scenario)), options);
            try
            {
                object model = scenario.Operation switch
                {
                    0 => client.ListDuplicateCertificatesAsync(1).GetAwaiter().GetResult(),
                    1 => client.GetKeyInfoAsync(1).GetAwaiter().GetResult(),
                    _ => client.GetOrganizationValidationsAsync(1).GetAwaiter().GetResult(),
                };
                return model != null && scenario.Status == 200;
            }
            catch (CertCentralException e)
            {
                return !e.Message.Contains(ClientFactory.ApiKey, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void Any_response_ends_in_a_model_or_the_client_exception()
        {
            Prop.ForAll(Scenarios.ToArbitrary(), EndsInModelOrClientException)
                .Check(Config.QuickThrowOnFailure.WithMaxTest(1000).WithQuietOnSuccess(true));
        }

        [Theory]
        [InlineData("listDuplicateCertificates")]
        [InlineData("getKeyInfo")]
        [InlineData("getOrganizationValidations")]
        public async Task DigiCert_errors_under_a_success_status_give_the_exception_not_an_empty_model(string operation)
        {
            var client = ClientFactory.Create(new RecordingHandler(HttpStatusCode.OK, "{\"errors\":[{\"code\":\"not_found|order\",\"message\":\"Order not found.\"}]}"));
            Func<Task> call = operation switch
            {
                "listDuplicateCertificates" => () => client.ListDuplicateCertificatesAsync(1),
                "getKeyInfo" => () => client.GetKeyInfoAsync(1),
                _ => () => client.GetOrganizationValidationsAsync(1),
            };

            var error = await Assert.ThrowsAsync<CertCentralException>(call);

            Assert.Equal(200, error.Status);
            Assert.Equal("not_found|order", error.ErrorCode);
            Assert.Contains("DigiCert errors instead of", error.Message);
        }

        [Theory]
        [InlineData("{\"errors\":\"boom\"}")]
        [InlineData("{\"errors\":{\"code\":\"x\"}}")]
        [InlineData("{\"errors\":[null]}")]
        public async Task Any_errors_value_under_a_success_status_of_a_list_fails_the_call(string body)
        {
            var client = ClientFactory.Create(new RecordingHandler(HttpStatusCode.OK, body));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.ListDuplicateCertificatesAsync(1));

            Assert.Equal(200, error.Status);
        }

        [Theory]
        [InlineData("{\"certificates\":[],\"errors\":null}")]
        [InlineData("{\"certificates\":[],\"errors\":{}}")]
        [InlineData("{\"certificates\":[],\"errors\":\"\"}")]
        public async Task An_empty_or_null_errors_value_is_not_a_failure(string body)
        {
            var client = ClientFactory.Create(new RecordingHandler(HttpStatusCode.OK, body));

            Assert.Empty((await client.ListDuplicateCertificatesAsync(1)).Certificates);
        }

        [Fact]
        public async Task An_empty_errors_list_beside_the_data_is_not_a_failure()
        {
            var client = ClientFactory.Create(new RecordingHandler(HttpStatusCode.OK, "{\"certificates\":[],\"errors\":[]}"));

            var certificates = await client.ListDuplicateCertificatesAsync(1);

            Assert.Empty(certificates.Certificates);
        }
    }
}
