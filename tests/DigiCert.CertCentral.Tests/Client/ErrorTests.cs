using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;

namespace DigiCert.CertCentral.Tests.Client
{
    /// <summary>Every failure ends in <see cref="CertCentralException"/> with what the caller needs.</summary>
    public class ErrorTests
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

        [Fact]
        public async Task A_suffixed_code_exposes_its_base_code_and_subject()
        {
            var client = ClientFactory.Create(new RecordingHandler(HttpStatusCode.NotFound, Repo.Recording("listDuplicateCertificates.notFound.json")));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.ListDuplicateCertificatesAsync(1));

            Assert.Equal("not_found", error.Errors[0].BaseCode);
            Assert.Equal("order", error.Errors[0].Subject);
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

        [Fact]
        public async Task An_empty_errors_list_beside_the_data_is_not_a_failure()
        {
            var client = ClientFactory.Create(new RecordingHandler(HttpStatusCode.OK, "{\"certificates\":[],\"errors\":[]}"));

            var certificates = await client.ListDuplicateCertificatesAsync(1);

            Assert.Empty(certificates.Certificates);
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
        public async Task A_network_fault_gives_the_exception_with_status_zero()
        {
            var client = ClientFactory.Create(new RecordingHandler(_ => throw new HttpRequestException("Connection refused")));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(1));

            Assert.Equal(0, error.Status);
            Assert.IsType<HttpRequestException>(error.InnerException);
            Assert.Contains("Connection refused", error.Message);
        }

        [Fact]
        public async Task A_connection_cut_while_the_body_is_read_gives_the_exception()
        {
            var client = ClientFactory.Create(new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new FailingStream()) }));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(1));

            Assert.IsType<IOException>(error.InnerException);
        }

        private sealed class FailingStream : Stream
        {
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => 0; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => throw new IOException("Connection reset by peer");
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
