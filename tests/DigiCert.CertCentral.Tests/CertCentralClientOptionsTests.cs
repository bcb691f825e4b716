using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;

namespace DigiCert.CertCentral.Tests
{
    /// <summary>
    /// The options: what is refused before any request (without echoing the key), how the base URL
    /// is resolved from the region or given, and the default rate limits.
    /// </summary>
    public class CertCentralClientOptionsTests
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
        public void Options_never_print_the_key()
        {
            var options = new CertCentralClientOptions { ApiKey = ClientFactory.ApiKey };

            Assert.DoesNotContain(ClientFactory.ApiKey, options.ToString());
            Assert.Contains("(set)", options.ToString());
        }

        /// <summary>
        /// Request paths are appended to the base URL's text, so a query string or fragment in it
        /// would swallow them (".../v2?x=1key/184"): such a base URL is refused before any request.
        /// </summary>
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

        [Theory]
        [InlineData("https://proxy.example.com/services/v2 ")]
        [InlineData("https://proxy.example.com/services/v2/\n")] // an environment variable or secret file with its newline
        [InlineData(" https://proxy.example.com/services/v2\t")]
        public async Task A_base_url_with_surrounding_whitespace_calls_the_url_it_shows(string text)
        {
            // As configuration binding makes it (UriTypeConverter): the Uri ignores the whitespace, its OriginalString keeps it.
            var baseUri = (Uri)System.ComponentModel.TypeDescriptor.GetConverter(typeof(Uri)).ConvertFromInvariantString(text)!;
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("getKeyInfo.apiKey.json"));
            using var client = ClientFactory.Create(handler, o => o.BaseUri = baseUri);

            await client.GetKeyInfoAsync(184);

            Assert.Equal("https://proxy.example.com/services/v2/", client.BaseUri.AbsoluteUri);
            Assert.Equal("https://proxy.example.com/services/v2/key/184", handler.Single.RequestUri!.AbsoluteUri);
        }

        [Theory]
        [InlineData("http://127.0.0.1:8080/services/v2")]
        [InlineData("http://127.0.0.1:8080/services/v2/")]
        public async Task A_base_url_works_with_or_without_a_trailing_slash(string baseUrl)
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("getKeyInfo.apiKey.json"));

            await ClientFactory.Create(handler, o => o.BaseUri = new Uri(baseUrl)).GetKeyInfoAsync(184);

            RequestAssert.CertCentralGet(handler.Single, "http://127.0.0.1:8080/services/v2/key/184");
        }

        [Fact]
        public async Task The_europe_region_calls_the_eu_host()
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("getKeyInfo.apiKey.json"));

            await ClientFactory.Create(handler, o => o.Region = CertCentralRegion.Europe).GetKeyInfoAsync(184);

            RequestAssert.CertCentralGet(handler.Single, "https://certcentral.digicert.eu/services/v2/key/184");
        }

        [Fact]
        public async Task A_base_url_overrides_the_region()
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("getKeyInfo.apiKey.json"));

            await ClientFactory.Create(handler, o => { o.Region = CertCentralRegion.Europe; o.BaseUri = new Uri("https://proxy.example.com/cc/"); }).GetKeyInfoAsync(1);

            Assert.Equal("https://proxy.example.com/cc/key/1", handler.Single.RequestUri!.AbsoluteUri);
        }

        [Fact]
        public void The_default_limits_are_certcentrals()
        {
            var options = new CertCentralClientOptions();

            Assert.Equal(new[] { (100, TimeSpan.FromSeconds(5)), (1000, TimeSpan.FromMinutes(3)) }, options.RateLimits.Select(l => (l.Permits, l.Window)));
            Assert.Throws<ArgumentOutOfRangeException>(() => new RequestRateLimit(0, TimeSpan.FromSeconds(1)));
            Assert.Throws<ArgumentOutOfRangeException>(() => new RequestRateLimit(1, TimeSpan.Zero));
        }

        [Theory]
        [InlineData(nameof(CertCentralClientOptions.MaxRetries))]
        [InlineData(nameof(CertCentralClientOptions.RetryBaseDelay))]
        [InlineData(nameof(CertCentralClientOptions.MaxRetryDelay))]
        [InlineData(nameof(CertCentralClientOptions.AttemptTimeout))]
        [InlineData(nameof(CertCentralClientOptions.OverallTimeout))]
        [InlineData(nameof(CertCentralClientOptions.MaxResponseBytes))]
        [InlineData(nameof(CertCentralClientOptions.MaxConnections))]
        public void Out_of_range_options_are_refused_with_their_name(string option)
        {
            var options = new CertCentralClientOptions { ApiKey = "K" };
            switch (option)
            {
                case nameof(options.MaxRetries): options.MaxRetries = -1; break;
                case nameof(options.RetryBaseDelay): options.RetryBaseDelay = TimeSpan.FromMinutes(5); break;
                case nameof(options.MaxRetryDelay): options.MaxRetryDelay = System.Threading.Timeout.InfiniteTimeSpan; break;
                case nameof(options.AttemptTimeout): options.AttemptTimeout = TimeSpan.Zero; break;
                case nameof(options.OverallTimeout): options.OverallTimeout = TimeSpan.FromSeconds(1); break;
                case nameof(options.MaxResponseBytes): options.MaxResponseBytes = 0; break;
                case nameof(options.MaxConnections): options.MaxConnections = 0; break;
            }

            var error = Assert.Throws<ArgumentOutOfRangeException>(() => new CertCentralClient(options));

            Assert.Equal(option, error.ParamName);
        }
    
        [Theory]
        [InlineData("ar-SA")] // a negative sign with a letter mark
        [InlineData("fa-IR")] // U+2212 with a direction mark
        [InlineData("sv-SE")] // U+2212
        [InlineData("tr-TR")]
        [InlineData("de-DE")]
        public void Option_messages_and_text_are_culture_invariant(string culture)
        {
            static string[] Texts()
            {
                var badLimit = new CertCentralClientOptions { ApiKey = "K" };
                badLimit.RateLimits.Add(new RequestRateLimit { Permits = -5, Window = TimeSpan.FromSeconds(5) }); // as configuration binding makes it
                var badRegion = new CertCentralClientOptions { ApiKey = "K", Region = (CertCentralRegion)(-1) };
                return
                [
                    Assert.Throws<ArgumentException>(() => new CertCentralClient(badLimit)).Message,
                    Assert.Throws<ArgumentException>(() => new CertCentralClient(badRegion)).Message,
                    badRegion.ToString(),
                    new RequestRateLimit { Permits = -1234567, Window = TimeSpan.FromSeconds(-1.5) }.ToString(),
                    // Argument checks: the value is in the message, formatted invariantly (.NET would format ActualValue with the culture).
                    Assert.Throws<ArgumentOutOfRangeException>(() => new RequestRateLimit(-5, TimeSpan.FromSeconds(1))).Message,
                    Assert.Throws<ArgumentOutOfRangeException>(() => new RequestRateLimit(5, TimeSpan.FromSeconds(-1.5))).Message,
                    Assert.Throws<ArgumentOutOfRangeException>(() => new CertCentralException(-5, "x")).Message,
                    Record.ExceptionAsync(() => new CertCentralClient(new CertCentralClientOptions { ApiKey = "K" }).GetKeyInfoAsync(-1234567)).GetAwaiter().GetResult()!.Message,
                ];
            }

            var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
            string[] invariant, local;
            try
            {
                CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
                invariant = Texts();
                CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
                local = Texts();
            }
            finally
            {
                (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
            }

            Assert.Equal(invariant, local);
            Assert.Contains("keyId must be at least 1; it was -1234567.", invariant[^1]);
            Assert.Contains("-5 per 00:00:05", local[0]);
            Assert.Contains("region -1", local[1]);
            Assert.Equal("-1234567 per -00:00:01.5000000", local[3]);
        }

        [Fact]
        public void Limits_the_client_cannot_keep_are_refused_when_made()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new CertCentralClient(new CertCentralClientOptions { ApiKey = "K", MaxResponseBytes = long.MaxValue }));
            Assert.Throws<ArgumentOutOfRangeException>(() => new RequestRateLimit(1, TimeSpan.FromDays(2)));
            Assert.Throws<ArgumentOutOfRangeException>(() => new RequestRateLimit(1, TimeSpan.MaxValue));
            using var largest = new CertCentralClient(new CertCentralClientOptions { ApiKey = "K", MaxResponseBytes = 1L << 30 });
        }
    }
}
