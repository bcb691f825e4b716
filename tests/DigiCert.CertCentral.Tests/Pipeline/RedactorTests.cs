using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
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
    /// No API key shows in what the client exposes (exceptions, headers, errors), logs or traces,
    /// however a server echoes it: as sent, JSON-escaped, in another letter case, percent-encoded,
    /// base64, as UTF-16, or as the hex bytes .NET quotes in its own parse errors; in headers,
    /// error and success bodies, redirect locations and malformed HTTP; on every failure path (a
    /// canary key scanned for in all captured text). A base URL holding a secret is refused
    /// without showing it.
    /// </summary>
    [Collection(ActivityCollection.Name)]
    public class RedactorTests
    {
        // Letters of both cases and the characters a URL or base64 encodes differently.
        private static readonly string Key = "Canary/Key+abc=" + Guid.NewGuid().ToString("N");

        // Letters and digits only: the echoing server also makes a header name of it.
        private static readonly string EchoKey = "ECHOKEY" + Guid.NewGuid().ToString("N").ToUpperInvariant();

        private static readonly string CanaryKey = "CANARYKEY" + Guid.NewGuid().ToString("N").ToUpperInvariant();

        private static readonly Dictionary<string, Func<string, string>> Forms = new Dictionary<string, Func<string, string>>
        {
            ["upper case"] = key => key.ToUpperInvariant(),
            ["lower case"] = key => key.ToLowerInvariant(),
            ["percent-encoded"] = Uri.EscapeDataString,
            ["percent-encoded, lower-case hex"] = key => Uri.EscapeDataString(key).Replace("%2F", "%2f").Replace("%2B", "%2b"),
            ["base64"] = key => Convert.ToBase64String(Encoding.ASCII.GetBytes(key)),
            ["base64 of a Basic credential"] = key => "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes("apikey:" + key)),
            ["base64url, unpadded, shifted"] = key => Convert.ToBase64String(Encoding.ASCII.GetBytes("x" + key)).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            ["every byte percent-encoded"] = key => string.Concat(Encoding.ASCII.GetBytes(key).Select(b => "%" + b.ToString("x2", CultureInfo.InvariantCulture))),
            ["UTF-16 as JSON escapes"] = key => string.Join("\\u0000", key.ToCharArray()),
            ["hex bytes"] = key => BitConverter.ToString(Encoding.ASCII.GetBytes(key)),
        };

        public static TheoryData<string, string> Cases()
        {
            var data = new TheoryData<string, string>();
            foreach (var form in Forms.Keys)
            {
                foreach (var where in new[] { "error message", "header", "unreadable 200" }) data.Add(form, where);
            }

            return data;
        }

        // Each failure mode as the server plays it. Some servers echo what they were sent.
        private static readonly Dictionary<string, Func<HttpContext, Task>> FailureModes = new Dictionary<string, Func<HttpContext, Task>>
        {
            ["401 echoing the key"] = c => LoopbackServer.Json(c, 401, "{\"errors\":[{\"code\":\"invalid_api_key\",\"message\":\"Key " + c.Request.Headers["X-DC-DEVKEY"] + " is invalid\"}]}"),
            ["403 echoing the key in a header and code"] = c => LoopbackServer.Json(c, 403, "{\"errors\":[{\"code\":\"access_denied|" + c.Request.Headers["X-DC-DEVKEY"] + "\",\"message\":\"no\"}]}", ("X-Echo", c.Request.Headers["X-DC-DEVKEY"].ToString())),
            ["404 as HTML echoing the key"] = c => { c.Response.StatusCode = 404; c.Response.ContentType = "text/html"; return c.Response.WriteAsync("<html>" + c.Request.Headers["X-DC-DEVKEY"] + "</html>"); },
            ["429 until retries run out"] = c => LoopbackServer.Json(c, 429, Repo.Recording("getOrganizationValidations.rateLimited.json")),
            ["500"] = c => LoopbackServer.Json(c, 500, Repo.Recording("getOrganizationValidations.serverError.json")),
            ["200 with bad JSON echoing the key"] = c => LoopbackServer.Json(c, 200, "{\"id\": \"" + c.Request.Headers["X-DC-DEVKEY"] + "\""),
            ["200 too large"] = c => LoopbackServer.Json(c, 200, "{\"k\":\"" + new string('x', 8192) + "\"}"),
            ["connection dropped"] = c => { c.Abort(); return Task.CompletedTask; },
            ["too slow"] = c => Task.Delay(TimeSpan.FromSeconds(60), c.RequestAborted).ContinueWith(_ => { }),
        };

        public static TheoryData<string> Modes => new TheoryData<string>(FailureModes.Keys);

        /// <summary>No form of the key, nor a piece of 12 of its characters (or their hex bytes), is found in any case.</summary>
        private static void AssertNoForm(string exposed, string key)
        {
            var hex = BitConverter.ToString(Encoding.ASCII.GetBytes(key));
            var pieces = Forms.Values.Select(f => f(key))
                .Append(key)
                .Append(string.Join("\0", key.ToCharArray()))
                .Concat(Enumerable.Range(0, key.Length - 11).Select(i => key.Substring(i, 12)))
                .Concat(Enumerable.Range(0, key.Length - 11).Select(i => hex.Substring(3 * i, (3 * 12) - 1)));
            foreach (var piece in pieces)
            {
                Assert.True(exposed.IndexOf(piece, StringComparison.OrdinalIgnoreCase) < 0, $"The key shows as '{piece}' in:\n{exposed}");
            }
        }

        /// <summary>
        /// Everything the client shows of a failed call: the exception (inner exceptions and stack
        /// traces included), its body, headers and errors, every log entry and its state, every
        /// span, and the options.
        /// </summary>
        private static string Shown(Exception error, LogCollector? logs = null, ActivityCollector? spans = null, CertCentralClientOptions? options = null)
        {
            var text = new StringBuilder().AppendLine(error.ToString());
            if (error is CertCentralException failure)
            {
                text.AppendLine(failure.ResponseBody)
                    .AppendLine(string.Join(";", failure.Headers.Select(h => h.Key + "=" + string.Join(",", h.Value))))
                    .AppendLine(JsonConvert.SerializeObject(failure.Errors))
                    .AppendLine(string.Join(";", failure.Errors.Select(e => e.Code + e.Message + e.BaseCode + e.Subject + JsonConvert.SerializeObject(e.AdditionalProperties))));
            }

            if (logs != null) text.AppendLine(logs.AllText);
            if (spans != null) text.AppendLine(spans.AllText);
            if (options != null) text.AppendLine(options.ToString());
            return text.ToString();
        }

        /// <summary>What a failed call with <paramref name="key"/> shows (<see cref="Shown"/>).</summary>
        private static async Task<string> ExposedAsync(Uri baseUri, string key, Func<CertCentralClient, Task> call)
        {
            var logs = new LogCollector();
            using var spans = new ActivityCollector("server.port", baseUri.Port.ToString(CultureInfo.InvariantCulture));
            var options = new CertCentralClientOptions { ApiKey = key, BaseUri = baseUri, LoggerFactory = logs, MaxRetries = 0 };
            options.RateLimits.Clear();
            using var client = new CertCentralClient(options);

            var error = await Assert.ThrowsAsync<CertCentralException>(() => call(client));

            return Shown(error, logs, spans, options);
        }

        private static string Escaped(string text) => string.Concat(text.Select(c => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture)));

        /// <summary>Echoes the sent key everywhere it can: header values and a header name, a long error message, unknown error fields, JSON escapes.</summary>
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
        [InlineData(503)]
        [InlineData(200)]
        public async Task A_body_too_long_to_search_for_escaped_keys_in_time_is_not_shown_and_still_fails_typed(int status)
        {
            // The search for JSON-escaped keys has a time limit. A body it cannot finish in time (here a
            // key that nearly matches at every position; a 30 MB body of escapes does it too) must not
            // end the call in RegexMatchTimeoutException, nor be shown unsearched.
            var key = new string('A', 199) + "B";
            var body = "{\"x\":\"" + new string('A', 2_000_000) + Escaped(key) + "\"}";
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, status, body));

            var exposed = await ExposedAsync(server.BaseUri, key, client => client.GetKeyInfoAsync(184));

            Assert.Contains("[not shown: too long to check for the API key]", exposed);
            AssertNoForm(exposed, key);
        }

        /// <summary>A transport whose failure quotes the key it was sent (as .NET's parse errors quote a server's echo), here as the call is cancelled.</summary>
        private sealed class EchoingFailureTransport : System.Net.Http.HttpMessageHandler
        {
            protected override Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, System.Threading.CancellationToken cancellationToken) =>
                throw new System.Net.Http.HttpRequestException("Received an invalid status line: '" + request.Headers.GetValues("X-DC-DEVKEY").Single() + " 200 OK'.");
        }

        [Fact]
        public async Task A_transport_failure_quoting_the_key_as_the_call_is_cancelled_shows_it_nowhere()
        {
            // Cancellation and a failure that quotes server bytes can coincide; the failure then rides
            // inside the OperationCanceledException, and must be cleaned there as everywhere else.
            const string key = "CANCELECHO0123456789ABCDEF";
            var logs = new LogCollector();
            var options = new CertCentralClientOptions { ApiKey = key, BaseUri = new Uri("https://cc.example.com/services/v2"), MaxRetries = 0, LoggerFactory = logs };
            options.RateLimits.Clear();
            using var client = new CertCentralClient(new EchoingFailureTransport(), options);
            using var cancelled = new System.Threading.CancellationTokenSource();
            cancelled.Cancel();

            var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetKeyInfoAsync(184, cancelled.Token));

            AssertNoForm(Shown(error, logs), key);
        }

        [Theory]
        [InlineData(403)]
        [InlineData(429)]
        [InlineData(500)]
        public async Task An_error_that_echoes_the_key_shows_it_nowhere(int status)
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => Echo(c, status));
            var logs = new LogCollector();
            using var spans = new ActivityCollector("server.port", server.BaseUri.Port.ToString(CultureInfo.InvariantCulture));
            var options = new CertCentralClientOptions { ApiKey = EchoKey, BaseUri = server.BaseUri, LoggerFactory = logs, MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(1) };
            options.RateLimits.Clear();
            using var client = new CertCentralClient(options);

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(184));

            Assert.Equal(status, error.Status);
            Assert.Contains("[redacted]", error.ResponseBody); // the echo was there, and was cleaned
            Assert.DoesNotContain(EchoKey, Shown(error, logs, spans, options));
        }

        [Fact]
        public async Task A_success_that_echoes_the_key_in_headers_shows_it_in_no_header_log_or_span()
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => Echo(c, 200));
            var logs = new LogCollector();
            using var spans = new ActivityCollector("server.port", server.BaseUri.Port.ToString(CultureInfo.InvariantCulture));
            var options = new CertCentralClientOptions { ApiKey = EchoKey, BaseUri = server.BaseUri, LoggerFactory = logs };
            options.RateLimits.Clear();
            using var client = new CertCentralClient(options);

            var response = await client.GetKeyInfoWithResponseAsync(184);

            Assert.Equal("req-[redacted]", response.RequestId);
            var exposed = string.Join(";", response.Headers.Select(h => h.Key + "=" + string.Join(",", h.Value))) + logs.AllText + spans.AllText;
            Assert.DoesNotContain(EchoKey, exposed);
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

            var exposed = Shown(error);
            Assert.DoesNotContain(key, exposed);
            Assert.DoesNotContain(escapedOne, exposed);
            Assert.DoesNotContain("ANARY\\/KEY", exposed);
            Assert.Contains("[redacted]", exposed);
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task A_key_echoed_in_another_form_shows_nowhere(string form, string where)
        {
            var sentKeys = new List<string>();
            await using var server = await LoopbackServer.StartAsync((c, _) =>
            {
                var sent = c.Request.Headers["X-DC-DEVKEY"].ToString();
                lock (sentKeys) sentKeys.Add(sent);
                var echo = Forms[form](sent);
                return where switch
                {
                    "error message" => LoopbackServer.Json(c, 403, "{\"errors\":[{\"code\":\"access_denied\",\"message\":\"Key " + echo + " is not valid.\"}]}"),
                    "header" => LoopbackServer.Json(c, 404, "{\"errors\":[{\"code\":\"not_found|key\",\"message\":\"No such key.\"}]}", ("X-Echo", "key=" + echo)),
                    _ => LoopbackServer.Json(c, 200, "{\"id\":\"" + echo + "\"}"),
                };
            });

            var exposed = await ExposedAsync(server.BaseUri, Key, client => client.GetKeyInfoAsync(184));

            Assert.Equal(new[] { Key }, sentKeys); // the key was really sent, so finding no form of it means something
            Assert.Contains("[redacted]", exposed);
            AssertNoForm(exposed, Key);
        }

        [Theory]
        [InlineData(404)]
        [InlineData(200)]
        public async Task A_key_echoed_in_a_utf16_body_without_charset_or_bom_shows_nowhere(int status)
        {
            await using var server = await LoopbackServer.StartAsync(async (c, _) =>
            {
                var body = status == 200
                    ? "{\"id\":\"" + c.Request.Headers["X-DC-DEVKEY"] + "\"}"
                    : "{\"errors\":[{\"code\":\"x\",\"message\":\"" + c.Request.Headers["X-DC-DEVKEY"] + "\"}]}";
                var bytes = Encoding.Unicode.GetBytes(body);
                c.Response.StatusCode = status;
                c.Response.ContentType = "application/json";
                c.Response.ContentLength = bytes.Length;
                await c.Response.Body.WriteAsync(bytes);
            });

            var exposed = await ExposedAsync(server.BaseUri, Key, client => client.GetKeyInfoAsync(184));

            Assert.Contains("[redacted]", exposed);
            AssertNoForm(exposed, Key);
        }

        [Theory]
        [InlineData("host")]
        [InlineData("query")]
        public async Task A_key_in_a_redirect_location_shows_nowhere(string where)
        {
            // Letters and digits stand in a host name; the query gets characters it must percent-encode.
            var key = where == "host" ? "HostKey" + Guid.NewGuid().ToString("N") : "Query/Key+" + Guid.NewGuid().ToString("N");
            await using var server = await LoopbackServer.StartAsync((c, _) =>
            {
                var sent = c.Request.Headers["X-DC-DEVKEY"].ToString();
                c.Response.StatusCode = 302;
                c.Response.Headers.Location = where == "host" ? $"http://{sent}.example.invalid/x" : $"http://127.0.0.2:9/x?k={Uri.EscapeDataString(sent)}";
                return Task.CompletedTask;
            });

            var exposed = await ExposedAsync(server.BaseUri, key, client => client.GetKeyInfoAsync(184));

            Assert.Contains("[redacted]", exposed);
            AssertNoForm(exposed, key);
        }

        [Theory]
        [InlineData("chunk size")]
        [InlineData("status line")]
        [InlineData("header line")]
        public async Task A_key_echoed_into_malformed_http_shows_nowhere(string where)
        {
            // .NET's own parse errors quote what they could not parse, sometimes as hex bytes.
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var serving = Task.Run(async () =>
            {
                using var socket = await listener.AcceptTcpClientAsync();
                using var stream = socket.GetStream();
                var request = new StringBuilder();
                var buffer = new byte[4096];
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer);
                    if (read == 0) return;
                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var key = request.ToString().Split("\r\n").First(l => l.StartsWith("X-DC-DEVKEY:", StringComparison.OrdinalIgnoreCase)).Substring(12).Trim();
                var answer = where switch
                {
                    "chunk size" => "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + key + "\r\n{}\r\n0\r\n\r\n",
                    "status line" => key + " 200 OK\r\nContent-Length: 2\r\n\r\n{}",
                    _ => "HTTP/1.1 200 OK\r\n" + key + "\r\nContent-Length: 2\r\n\r\n{}",
                };
                var bytes = Encoding.ASCII.GetBytes(answer);
                await stream.WriteAsync(bytes);
                await stream.FlushAsync();
                await Task.Delay(200);
            });

            try
            {
                var exposed = await ExposedAsync(new Uri($"http://127.0.0.1:{port}/services/v2/"), Key, client => client.GetKeyInfoAsync(184));

                AssertNoForm(exposed, Key);
            }
            finally
            {
                listener.Stop();
                await Record.ExceptionAsync(() => serving);
            }
        }

        [Theory]
        [MemberData(nameof(Modes))]
        public async Task The_key_appears_in_no_exception_log_or_span(string mode)
        {
            var seenKeys = new List<string>();
            await using var server = await LoopbackServer.StartAsync((c, _) =>
            {
                lock (seenKeys) seenKeys.Add(c.Request.Headers["X-DC-DEVKEY"].ToString());
                return FailureModes[mode](c);
            });
            var logs = new LogCollector();
            using var spans = new ActivityCollector("server.port", server.BaseUri.Port.ToString(CultureInfo.InvariantCulture));
            var options = new CertCentralClientOptions
            {
                ApiKey = CanaryKey,
                BaseUri = server.BaseUri,
                LoggerFactory = logs,
                MaxRetries = 2,
                RetryBaseDelay = TimeSpan.FromMilliseconds(5),
                AttemptTimeout = TimeSpan.FromSeconds(2), // the answered modes must not time out on a loaded machine
                OverallTimeout = TimeSpan.FromSeconds(5),
                MaxResponseBytes = 4096,
            };
            using var client = new CertCentralClient(options);

            var error = await Record.ExceptionAsync(() => client.GetKeyInfoAsync(184));

            Assert.NotNull(error);
            Assert.True(error is CertCentralException or OperationCanceledException, $"unexpected {error!.GetType()}: {error}");
            Assert.Contains(CanaryKey, seenKeys); // the key was really sent, so finding none below means something
            Assert.DoesNotContain(CanaryKey, Shown(error, logs, spans, options));
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
                o.ApiKey = EchoKey;
                o.BaseUri = server.BaseUri;
                o.RateLimits.Clear();
            });
            using var provider = services.BuildServiceProvider();

            var error = await Assert.ThrowsAsync<CertCentralException>(() => provider.GetRequiredService<CertCentralClient>().GetKeyInfoAsync(184));

            Assert.Contains(logs.Entries, e => e.Event.Name == "RequestFailed"); // logging was on
            Assert.DoesNotContain(EchoKey, logs.AllText + error);
        }

        [Theory]
        [InlineData("?key={0}")]
        [InlineData("#{0}")]
        [InlineData("/{0}/?x")]
        public void A_base_url_holding_the_key_is_refused_without_showing_it(string where)
        {
            var options = new CertCentralClientOptions { ApiKey = Key, BaseUri = new Uri("https://cc.example.com/services/v2" + string.Format(CultureInfo.InvariantCulture, where, Uri.EscapeDataString(Key))) };

            var error = Assert.ThrowsAny<ArgumentException>(() => new CertCentralClient(options));

            AssertNoForm(error.ToString() + "\n" + options, Key);
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

        /// <summary>Tests of this suite that run in no collection (beside the others).</summary>
        [Theory]
        [InlineData("QUOTE\"KEY0123456789abcdef")]
        [InlineData("SLASH\\KEY0123456789abcdef")]
        [InlineData("PERCENT%KEY0123456789abcdef")]
        public async Task A_key_with_characters_json_or_urls_escape_is_redacted_in_those_forms(string key)
        {
            await using var server = await LoopbackServer.StartAsync((c, n) =>
            {
                var sent = c.Request.Headers["X-DC-DEVKEY"].ToString();
                if (n == 1) return LoopbackServer.Json(c, 401, JsonConvert.SerializeObject(new { errors = new[] { new { code = "invalid_api_key", message = "bad key " + sent } } }));
                c.Response.StatusCode = 302;
                c.Response.Headers.Location = "https://elsewhere.example/?k=" + sent;
                return Task.CompletedTask;
            });

            var inJson = await ExposedAsync(server.BaseUri, key, client => client.GetKeyInfoAsync(1));
            var inLocation = await ExposedAsync(server.BaseUri, key, client => client.GetKeyInfoAsync(2));

            foreach (var exposed in new[] { inJson, inLocation })
            {
                Assert.DoesNotContain(key, exposed);
                Assert.DoesNotContain(JsonConvert.ToString(key).Trim('"'), exposed);
                Assert.DoesNotContain(Uri.EscapeDataString(key), exposed);
                Assert.DoesNotContain("KEY0123456789abcdef", exposed);
            }
        }

        public class InParallel
        {
            [Fact]
            public async Task An_api_key_echoed_in_an_unreadable_200_body_is_redacted()
            {
                const string ApiKey = "CANARYKEY0123456789";
                var options = new CertCentralClientOptions { ApiKey = ApiKey, BaseUri = new Uri("https://cc.example.com/services/v2"), MaxRetries = 0 };
                options.RateLimits.Clear();
                using var client = new CertCentralClient(new RecordingHandler(HttpStatusCode.OK, "<html>Your key " + ApiKey + " is being rotated</html>", "text/html"), options);

                var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(184));

                Assert.DoesNotContain(ApiKey, error.ToString());
                Assert.DoesNotContain(ApiKey, error.ResponseBody);
                Assert.Contains("[redacted]", error.ResponseBody);
            }
        }
    }
}
