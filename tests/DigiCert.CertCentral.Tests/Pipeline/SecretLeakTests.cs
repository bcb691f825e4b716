using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace DigiCert.CertCentral.Tests.Pipeline
{
    /// <summary>
    /// Runs every failure path with a canary key and scans all captured text (exceptions with
    /// their inner exceptions and stack traces, every log entry and its state, every span) for it.
    /// </summary>
    [Collection(ActivityCollection.Name)]
    public class SecretLeakTests
    {
        private static readonly string Key = "CANARYKEY" + Guid.NewGuid().ToString("N").ToUpperInvariant();

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
            using var spans = new ActivityCollector("server.port", server.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var options = new CertCentralClientOptions
            {
                ApiKey = Key,
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
            Assert.Contains(Key, seenKeys); // the key was really sent, so finding none below means something
            var captured = new StringBuilder()
                .AppendLine(error.ToString())
                .AppendLine((error as CertCentralException)?.ResponseBody)
                .AppendLine(string.Join(";", (error as CertCentralException)?.Errors.Select(e => e.Code + e.Message + Newtonsoft.Json.JsonConvert.SerializeObject(e.AdditionalProperties)) ?? Enumerable.Empty<string>()))
                .AppendLine(string.Join(";", (error as CertCentralException)?.Headers.Select(h => h.Key + "=" + string.Join(",", h.Value)) ?? Enumerable.Empty<string>()))
                .AppendLine(logs.AllText)
                .AppendLine(spans.AllText)
                .AppendLine(options.ToString())
                .ToString();
            Assert.DoesNotContain(Key, captured);
        }
    }
}
