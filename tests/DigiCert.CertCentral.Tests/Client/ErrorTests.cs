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
