using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Tests.Serialization
{
    /// <summary>
    /// A success status whose body cannot be read as its model (not JSON, the wrong JSON, a value of
    /// the wrong type, text after the value) is a CertCentralException that says why and where,
    /// and shows a bounded excerpt of what arrived.
    /// </summary>
    public class ResponseBodyTests
    {
        private const string ApiKey = "CANARYKEY0123456789";

        private static CertCentralClient Client(string body, string mediaType = "application/json")
        {
            var options = new CertCentralClientOptions { ApiKey = ApiKey, BaseUri = new Uri("https://cc.example.com/services/v2"), MaxRetries = 0 };
            options.RateLimits.Clear();
            return new CertCentralClient(new RecordingHandler(HttpStatusCode.OK, body, mediaType), options);
        }

        [Theory]
        [InlineData("{not json")]
        [InlineData("null")]
        [InlineData("[]")]
        [InlineData("{\"id\": \"x\"}")]
        public async Task A_success_status_with_an_unreadable_body_gives_the_exception(string body)
        {
            var client = ClientFactory.Create(new RecordingHandler(HttpStatusCode.OK, body));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(1));

            Assert.Equal(200, error.Status);
            Assert.Contains("HTTP 200", error.Message);
        }

        [Fact]
        public async Task An_html_page_on_200_gives_status_reason_and_the_page()
        {
            using var client = Client("<html><body>Down for maintenance</body></html>", "text/html");

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(184));

            Assert.Equal(200, error.Status);
            Assert.Contains("HTTP 200", error.Message);
            Assert.Contains("Unexpected character", error.Message);
            Assert.Contains("Body: \"<html><body>Down for maintenance", error.Message);
            Assert.Equal("<html><body>Down for maintenance</body></html>", error.ResponseBody);
            Assert.IsAssignableFrom<JsonException>(error.InnerException);
        }

        [Fact]
        public async Task A_value_of_the_wrong_type_names_its_path()
        {
            var body = Repo.Recording("listDuplicateCertificates.seed.json").Replace("\"key_size\": 2048", "\"key_size\": \"big\"");
            using var client = Client(body);

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.ListDuplicateCertificatesAsync(1));

            Assert.Contains("certificates[0].key_size", error.Message);
            Assert.Contains("got \"big\"", error.Message);
            Assert.StartsWith("{", error.ResponseBody);
        }

        [Theory]
        [InlineData("<html>")]                  // a proxy's page glued after the JSON
        [InlineData("{\"id\": 1}")]             // a second document
        [InlineData("   ]")]
        public async Task Anything_after_the_json_value_makes_the_body_unreadable(string tail)
        {
            using var client = Client(Repo.Recording("getKeyInfo.apiKey.json") + tail);

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(184));

            Assert.Equal(200, error.Status);
            Assert.Contains("Additional text", error.Message);
        }

        [Fact]
        public async Task The_reason_and_the_excerpt_are_said_once()
        {
            var body = Repo.Recording("listDuplicateCertificates.seed.json").Replace("\"key_size\": 2048", "\"key_size\": \"big\"");
            using var client = Client(body);

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.ListDuplicateCertificatesAsync(1));

            Assert.Single(System.Text.RegularExpressions.Regex.Matches(error.Message, "got \"big\""));
        }

        [Fact]
        public async Task A_large_unreadable_body_is_cut_to_a_bounded_excerpt()
        {
            var body = "<html>" + new string('x', 100_000) + "</html>";
            using var client = Client(body, "text/html");

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(184));

            Assert.InRange(error.ResponseBody!.Length, 100, 5000);
            Assert.InRange(error.Message.Length, 100, 1000);
        }

        [Theory]
        [InlineData("1e30")]
        [InlineData("-1.5E300")]
        [InlineData("1e400")]
        public async Task A_number_beyond_decimal_in_an_unknown_or_text_field_is_kept(string number)
        {
            // Valid JSON that a decimal cannot hold: an unknown field is kept, a text field reads it as its text.
            var body = Repo.Recording("getKeyInfo.apiKey.json")
                .Replace("\"id\": 184,", "\"id\": 184, \"score\": " + number + ",");
            using var client = Client(body.Replace("\"Key Name\"", number));

            var key = await client.GetKeyInfoAsync(184);

            Assert.Equal(184, key.Id);
            Assert.Equal(double.Parse(number, System.Globalization.CultureInfo.InvariantCulture), (double)(Newtonsoft.Json.Linq.JValue)key.AdditionalProperties["score"]);
            Assert.Equal(double.Parse(number, System.Globalization.CultureInfo.InvariantCulture), double.Parse(key.Name, System.Globalization.CultureInfo.InvariantCulture));
        }

        [Theory]
        [InlineData("\"id\": 1e30")]
        [InlineData("\"id\": 184.5")]
        public async Task A_whole_number_field_still_refuses_a_number_beyond_its_range(string id)
        {
            using var client = Client(Repo.Recording("getKeyInfo.apiKey.json").Replace("\"id\": 184", id));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(184));

            Assert.Equal(200, error.Status);
            Assert.Contains("'id'", error.Message);
        }

        [Theory]
        [InlineData("\0\0\0", true)]          // NUL padding: whitespace to Newtonsoft.Json (as documented)
        [InlineData("\u00A0", true)]            // a Unicode space, likewise
        [InlineData("\0<html>", false)]         // but text after the padding is still text after the value
        [InlineData("\u001A", false)]
        public async Task What_the_reader_takes_as_whitespace_after_the_value_is_as_documented(string tail, bool readable)
        {
            using var client = Client(Repo.Recording("getKeyInfo.apiKey.json") + tail);

            var error = await Record.ExceptionAsync(() => client.GetKeyInfoAsync(184));

            if (readable) Assert.Null(error);
            else Assert.Contains("Additional text", Assert.IsType<CertCentralException>(error).Message);
        }
    }
}
