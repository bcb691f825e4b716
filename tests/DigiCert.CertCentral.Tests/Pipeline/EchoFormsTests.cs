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
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Tests.Pipeline
{
    /// <summary>
    /// A server does not always echo the key as it was sent: in another letter case, percent-encoded
    /// into a URL, base64, as UTF-16 bytes read as text, or as the hex bytes .NET quotes in its
    /// own parse errors. None of these shows in what the client exposes, logs or traces.
    /// </summary>
    [Collection(ActivityCollection.Name)]
    public class EchoFormsTests
    {
        // Letters of both cases and the characters a URL or base64 encodes differently.
        private static readonly string Key = "Canary/Key+abc=" + Guid.NewGuid().ToString("N");

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

        private static async Task<string> ExposedAsync(Uri baseUri, string key, Func<CertCentralClient, Task> call)
        {
            var logs = new LogCollector();
            using var spans = new ActivityCollector("server.port", baseUri.Port.ToString(CultureInfo.InvariantCulture));
            var options = new CertCentralClientOptions { ApiKey = key, BaseUri = baseUri, LoggerFactory = logs, MaxRetries = 0 };
            options.RateLimits.Clear();
            using var client = new CertCentralClient(options);

            var error = await Assert.ThrowsAsync<CertCentralException>(() => call(client));

            return new StringBuilder()
                .AppendLine(error.ToString())
                .AppendLine(error.ResponseBody)
                .AppendLine(string.Join(";", error.Headers.Select(h => h.Key + "=" + string.Join(",", h.Value))))
                .AppendLine(JsonConvert.SerializeObject(error.Errors))
                .AppendLine(logs.AllText)
                .AppendLine(spans.AllText)
                .ToString();
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
        [InlineData("?key={0}")]
        [InlineData("#{0}")]
        [InlineData("/{0}/?x")]
        public void A_base_url_holding_the_key_is_refused_without_showing_it(string where)
        {
            var options = new CertCentralClientOptions { ApiKey = Key, BaseUri = new Uri("https://cc.example.com/services/v2" + string.Format(CultureInfo.InvariantCulture, where, Uri.EscapeDataString(Key))) };

            var error = Assert.ThrowsAny<ArgumentException>(() => new CertCentralClient(options));

            AssertNoForm(error.ToString() + "\n" + options, Key);
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
    }
}
