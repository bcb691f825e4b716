using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;

namespace DigiCert.CertCentral.Tests
{
    /// <summary>
    /// Every failure ends in the one <see cref="CertCentralException"/>, with what the caller needs:
    /// the status, DigiCert's errors, a bounded message that reads the same on every machine.
    /// </summary>
    public class CertCentralExceptionTests
    {
        [Theory]
        [InlineData(HttpStatusCode.Unauthorized, "getKeyInfo.invalidKey.json", "invalid_api_key", "The specified API key is invalid")]
        [InlineData(HttpStatusCode.Forbidden, "getKeyInfo.forbidden.json", "access_denied|missing_permission", "You do not have permission")]
        [InlineData(HttpStatusCode.NotFound, "listDuplicateCertificates.notFound.json", "not_found|order", "Order not found")]
        [InlineData((HttpStatusCode)429, "getOrganizationValidations.rateLimited.json", "request_limit_exceeded", "Request limit exceeded")]
        [InlineData(HttpStatusCode.InternalServerError, "getOrganizationValidations.serverError.json", "server_error", "An internal error occurred")]
        public async Task DigiCert_errors_are_parsed_into_the_exception(HttpStatusCode status, string recording, string code, string message)
        {
            var client = ClientFactory.Create(new RecordingHandler(status, Repo.Recording(recording)));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(184));

            Assert.Equal((int)status, error.Status);
            Assert.Equal(code, error.ErrorCode);
            Assert.StartsWith(message, Assert.Single(error.Errors).Message);
            Assert.Contains($"HTTP {(int)status}", error.Message);
            Assert.Contains(code, error.Message);
            Assert.Contains(message, error.Message);
            Assert.Equal(status == (HttpStatusCode)429, error.IsRateLimited);
            Assert.DoesNotContain(ClientFactory.ApiKey, error.ToString());
        }

        [Theory]
        [InlineData("request_limit_exceeded", true)]
        [InlineData("request_limit_exceeded|key", true)] // codes carry suffixes: compared by BaseCode, as the docs advise
        [InlineData("request_limit_exceeded:organization", true)]
        [InlineData("request_limit", false)]
        [InlineData("not_request_limit_exceeded", false)]
        public void Rate_limiting_is_recognised_by_the_base_code_under_any_status(string code, bool limited)
        {
            Assert.Equal(limited, new CertCentralException(503, "Busy.", [new ErrorDetail(code, "Slow down.")]).IsRateLimited);
        }

        [Fact]
        public async Task An_unexpected_status_gives_the_exception()
        {
            var client = ClientFactory.Create(new RecordingHandler(HttpStatusCode.ServiceUnavailable, Repo.Recording("getOrganizationValidations.serverError.json")));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetOrganizationValidationsAsync(1));

            Assert.Equal(503, error.Status);
            Assert.Equal("server_error", error.ErrorCode);
        }

        [Fact]
        public async Task An_html_error_page_from_a_proxy_gives_a_clear_exception()
        {
            var client = ClientFactory.Create(new RecordingHandler(HttpStatusCode.BadGateway, Repo.Recording("listDuplicateCertificates.proxyError.html"), "text/html"));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.ListDuplicateCertificatesAsync(1));

            Assert.Equal(502, error.Status);
            Assert.Empty(error.Errors);
            Assert.Null(error.ErrorCode);
            Assert.Contains("not DigiCert's error JSON", error.Message);
            Assert.Contains("502 Bad Gateway", error.Message);
            Assert.Contains("<title>502 Bad Gateway</title>", error.ResponseBody);
        }

        [Theory]
        [InlineData(HttpStatusCode.NotFound, "")]
        [InlineData(HttpStatusCode.InternalServerError, "{\"errors\": \"not a list\"}")]
        [InlineData(HttpStatusCode.Forbidden, "{not json")]
        public async Task Odd_error_bodies_still_give_the_status(HttpStatusCode status, string body)
        {
            var client = ClientFactory.Create(new RecordingHandler(status, body));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetOrganizationValidationsAsync(1));

            Assert.Equal((int)status, error.Status);
            Assert.Empty(error.Errors);
        }

        [Fact]
        public async Task A_huge_error_body_gives_a_bounded_message_and_keeps_every_error()
        {
            var errors = Enumerable.Range(1, 5000).Select(i => $"{{\"code\":\"invalid_field|f{i}\",\"message\":\"{new string('m', i == 1 ? 100_000 : 10)}\"}}");
            var client = ClientFactory.Create(new RecordingHandler(HttpStatusCode.BadRequest, "{\"errors\":[" + string.Join(",", errors) + "]}"));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(1));

            Assert.InRange(error.Message.Length, 100, 2000); // read by people, logged on every failure
            Assert.Contains("invalid_field|f1", error.Message);
            Assert.Contains("4995 more errors", error.Message);
            Assert.Equal(5000, error.Errors.Count);
            Assert.Equal(100_000, error.Errors[0].Message!.Length);
        }

        [Theory]
        [InlineData("redirect Location")]
        [InlineData("JSON property name")]
        public async Task A_huge_server_value_gives_a_bounded_message(string where)
        {
            var huge = new string('a', 100_000);
            var client = ClientFactory.Create(new RecordingHandler(_ => where == "redirect Location"
                ? new HttpResponseMessage((HttpStatusCode)302) { Headers = { Location = new Uri("https://elsewhere.example/" + huge) } }
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"" + huge + "\":[1,2,{\"id\":\"x\"}], \"id\": \"not a number\"}") }));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(1));

            Assert.InRange(error.Message.Length, 50, 3000);
        }

        [Fact]
        public async Task A_network_fault_gives_the_exception_with_status_zero()
        {
            var client = ClientFactory.Create(new RecordingHandler(_ => throw new HttpRequestException("Connection refused")));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(1));

            Assert.Equal(0, error.Status);
            Assert.IsType<HttpRequestException>(error.InnerException);
            Assert.Contains("Connection refused", error.Message);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_call_whose_overall_timeout_ends_its_first_back_off_says_how_its_one_attempt_ended(bool answered)
        {
            // The back-off (Retry-After 5 s, or a retry delay of 5 s after a timed-out attempt) outlasts the call's overall timeout.
            var client = ClientFactory.Create(
                answered
                    ? new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("{}"), Headers = { { "Retry-After", "5" } } })
                    : new StallingHandler(),
                o => { o.MaxRetries = 1; o.RetryBaseDelay = TimeSpan.FromSeconds(5); o.MaxRetryDelay = TimeSpan.FromSeconds(10); o.AttemptTimeout = TimeSpan.FromSeconds(0.5); o.OverallTimeout = TimeSpan.FromSeconds(1.5); });

            var error = await Assert.ThrowsAsync<TaskCanceledException>(() => client.GetKeyInfoAsync(1));

            Assert.IsType<TimeoutException>(error.InnerException);
            Assert.EndsWith(answered ? "Ended after 1 attempt: HTTP 503." : "Ended after 1 attempt: timed out.", error.Message);
        }

        private sealed class StallingHandler : HttpMessageHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
            {
                await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
                throw new InvalidOperationException("unreachable");
            }
        }

        [Fact]
        public async Task A_call_that_ends_on_an_unreadable_body_after_retries_says_how_each_attempt_ended()
        {
            var attempt = 0;
            var client = ClientFactory.Create(
                new RecordingHandler(_ => ++attempt < 3
                    ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("{}") }
                    : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>") }),
                o => { o.MaxRetries = 5; o.RetryBaseDelay = TimeSpan.FromMilliseconds(1); });

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(1));

            Assert.Equal(200, error.Status);
            Assert.Equal(3, error.Attempts);
            Assert.Contains("Ended after 3 attempts: HTTP 503, HTTP 503, HTTP 200.", error.Message);
        }

        [Theory]
        [InlineData("de-DE")]
        [InlineData("tr-TR")]
        [InlineData("ar-SA")]
        [InlineData("fa-IR")]
        public async Task Failure_messages_are_culture_invariant(string culture)
        {
            var big = new string('x', 20_000);
            await using var server = await LoopbackServer.StartAsync((c, _) => c.Request.Path.Value switch
            {
                var p when p!.EndsWith("/duplicate", StringComparison.Ordinal) => LoopbackServer.Json(c, 200, "{\"certificates\":[" + big + "]}"),
                var p when p!.EndsWith("/key/1", StringComparison.Ordinal) => LoopbackServer.Json(c, 503, "{}", ("Retry-After", "86400")),
                _ => LoopbackServer.Json(c, 200, "{\"id\":\"x\"}"),
            });

            async Task<string[]> MessagesAsync()
            {
                var options = new CertCentralClientOptions { ApiKey = "CULTURE-" + Guid.NewGuid().ToString("N"), BaseUri = server.BaseUri, MaxResponseBytes = 16_384, AttemptTimeout = TimeSpan.FromSeconds(1.5) };
                options.RateLimits.Clear();
                using var client = new CertCentralClient(options);
                var tooLarge = await Assert.ThrowsAsync<CertCentralException>(() => client.ListDuplicateCertificatesAsync(1));
                var tooLong = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(1));
                var unreadable = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(2));
                return new[] { tooLarge.Message, tooLong.Message, unreadable.Message };
            }

            var invariant = await WithCultureAsync(CultureInfo.InvariantCulture, MessagesAsync);
            var local = await WithCultureAsync(new CultureInfo(culture), MessagesAsync);

            Assert.Equal(invariant, local);
            Assert.Contains("16,384-byte limit", local[0]);
            Assert.Contains("Retry-After of 86400 s", local[1]);
        }

        private static async Task<T> WithCultureAsync<T>(CultureInfo culture, Func<Task<T>> action)
        {
            var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
            try
            {
                return await action();
            }
            finally
            {
                (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
            }
        }
    }
}
