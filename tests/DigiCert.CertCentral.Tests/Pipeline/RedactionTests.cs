using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Tests.Pipeline
{
    /// <summary>
    /// A server that echoes the key everywhere it can (headers, long bodies, unknown error fields,
    /// JSON escapes): nothing the client exposes, logs or traces carries it.
    /// </summary>
    [Collection(ActivityCollection.Name)]
    public class RedactionTests
    {
        private static readonly string Key = "ECHOKEY" + Guid.NewGuid().ToString("N").ToUpperInvariant();

        private static string Escaped(string text) => string.Concat(text.Select(c => "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)));

        private static Task Echo(HttpContext c, int status)
        {
            var key = c.Request.Headers["X-DC-DEVKEY"].ToString();
            c.Response.Headers["X-Request-Id"] = "req-" + key;
            c.Response.Headers["X-Echo"] = key;
            c.Response.Headers["X-" + key] = "1";
            var body = status == 200
                ? Repo.Recording("getKeyInfo.apiKey.json").TrimEnd().TrimEnd('}') + ",\"echo\":\"" + key + "\"}"
                : "{\"errors\":[{\"code\":\"access_denied|" + key + "\",\"message\":\"" + new string('.', 300) + key + "\",\"detail\":{\"sent\":\"" + key + "\",\"" + key + "\":[\"" + Escaped(key) + "\"]}}]}";
            return LoopbackServer.Json(c, status, body);
        }

        [Theory]
        [InlineData(403)]
        [InlineData(429)]
        [InlineData(500)]
        public async Task An_error_that_echoes_the_key_shows_it_nowhere(int status)
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => Echo(c, status));
            var logs = new LogCollector();
            using var spans = new ActivityCollector("server.port", server.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var options = new CertCentralClientOptions { ApiKey = Key, BaseUri = server.BaseUri, LoggerFactory = logs, MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(1) };
            options.RateLimits.Clear();
            using var client = new CertCentralClient(options);

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(184));

            Assert.Equal(status, error.Status);
            Assert.Contains("[redacted]", error.ResponseBody); // the echo was there, and was cleaned
            var exposed = new StringBuilder()
                .AppendLine(error.ToString())
                .AppendLine(error.ResponseBody)
                .AppendLine(string.Join(";", error.Headers.Select(h => h.Key + "=" + string.Join(",", h.Value))))
                .AppendLine(JsonConvert.SerializeObject(error.Errors))
                .AppendLine(string.Join(";", error.Errors.Select(e => e.Code + e.Message + e.BaseCode + e.Subject)))
                .AppendLine(logs.AllText)
                .AppendLine(spans.AllText)
                .ToString();
            Assert.DoesNotContain(Key, exposed);
        }

        [Theory]
        [InlineData(403, "{\"errors\":[{\"code\":\"c\",\"message\":\"ECHO\"}]}")]
        [InlineData(500, "{\"errors\":[{\"code\":\"c\",\"message\":\"m\"}],\"echo\":\"ECHO\"}")]
        [InlineData(200, "{\"id\":\"ECHO\",\"status\":\"active\"}")] // unreadable: the key shows in the excerpt
        public async Task A_key_echoed_json_escaped_shows_nowhere(int status, string template)
        {
            const string key = "CANARY/KEY+abc=DEF0123456789";
            var escapedOne = "\\u0043" + key.Substring(1).Replace("/", "\\/"); // \u0043ANARY\/KEY...: how PHP's json_encode writes it
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, status, template.Replace("ECHO", escapedOne)));
            var options = new CertCentralClientOptions { ApiKey = key, BaseUri = server.BaseUri, MaxRetries = 0 };
            options.RateLimits.Clear();
            using var client = new CertCentralClient(options);

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(184));

            var exposed = error + "\n" + error.ResponseBody + "\n" + JsonConvert.SerializeObject(error.Errors);
            Assert.DoesNotContain(key, exposed);
            Assert.DoesNotContain(escapedOne, exposed);
            Assert.DoesNotContain("ANARY\\/KEY", exposed);
            Assert.Contains("[redacted]", exposed);
        }

        [Fact]
        public async Task A_success_that_echoes_the_key_in_headers_shows_it_in_no_header_log_or_span()
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => Echo(c, 200));
            var logs = new LogCollector();
            using var spans = new ActivityCollector("server.port", server.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var options = new CertCentralClientOptions { ApiKey = Key, BaseUri = server.BaseUri, LoggerFactory = logs };
            options.RateLimits.Clear();
            using var client = new CertCentralClient(options);

            var response = await client.GetKeyInfoWithResponseAsync(184);

            Assert.Equal("req-[redacted]", response.RequestId);
            var exposed = string.Join(";", response.Headers.Select(h => h.Key + "=" + string.Join(",", h.Value))) + logs.AllText + spans.AllText;
            Assert.DoesNotContain(Key, exposed);
        }

        [Fact]
        public async Task Trace_logging_of_the_http_client_factory_shows_no_header_value()
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => Echo(c, 404));
            var logs = new LogCollector();
            var services = new ServiceCollection();
            services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            services.AddCertCentralClient(o =>
            {
                o.ApiKey = Key;
                o.BaseUri = server.BaseUri;
                o.RateLimits.Clear();
            });
            using var provider = services.BuildServiceProvider();

            var error = await Assert.ThrowsAsync<CertCentralException>(() => provider.GetRequiredService<CertCentralClient>().GetKeyInfoAsync(184));

            Assert.Contains(logs.Entries, e => e.Event.Name == "RequestFailed"); // logging was on
            Assert.DoesNotContain(Key, logs.AllText + error);
        }

        [Fact]
        public void A_password_in_the_base_url_is_refused_without_showing_it()
        {
            var options = new CertCentralClientOptions { ApiKey = "K", BaseUri = new Uri("https://user:S3CRETPASS@proxy.example.com/services/v2") };

            var error = Assert.Throws<ArgumentException>(() => new CertCentralClient(options));

            Assert.Contains("user-info", error.Message);
            Assert.DoesNotContain("S3CRETPASS", error.ToString());
            Assert.DoesNotContain("S3CRETPASS", options.ToString());
        }
    }
}
