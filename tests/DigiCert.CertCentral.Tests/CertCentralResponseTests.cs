using System;
using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Tests
{
    /// <summary>Results and exceptions hold no transport object: no response or request (with the key) stays reachable.</summary>
    public class CertCentralResponseTests
    {
        private sealed class WatchedTransport : HttpMessageHandler
        {
            private readonly HttpStatusCode _status;
            private readonly string _body;

            public WatchedTransport(HttpStatusCode status, string body)
            {
                _status = status;
                _body = body;
            }

            public WeakReference? Request { get; private set; }

            public WeakReference? Response { get; private set; }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = new HttpResponseMessage(_status) { Content = new StringContent(_body, Encoding.UTF8, "application/json"), RequestMessage = request };
                response.Headers.TryAddWithoutValidation("X-Request-Id", "req-9");
                Request = new WeakReference(request);
                Response = new WeakReference(response);
                return Task.FromResult(response);
            }
        }

        [Fact]
        public async Task A_response_kept_by_the_caller_keeps_no_request_or_response_alive()
        {
            var transport = new WatchedTransport(HttpStatusCode.OK, Repo.Recording("getKeyInfo.apiKey.json"));
            using var client = TestSupport.ClientFactory.Create(transport);

            var result = await CallAsync(client);
            Collect();

            Assert.False(transport.Request!.IsAlive, "the request (which carried the key) is still reachable");
            Assert.False(transport.Response!.IsAlive, "the response is still reachable");
            Assert.Equal("req-9", result.RequestId); // the headers were copied when the result was made
            Assert.Equal(184, result.Value.Id);
        }

        [Fact]
        public async Task An_exception_kept_by_the_caller_keeps_no_request_or_response_alive()
        {
            var transport = new WatchedTransport(HttpStatusCode.NotFound, Repo.Recording("listDuplicateCertificates.notFound.json"));
            using var client = TestSupport.ClientFactory.Create(transport);

            var error = await FailAsync(client);
            Collect();

            Assert.False(transport.Request!.IsAlive);
            Assert.False(transport.Response!.IsAlive);
            Assert.Equal("req-9", Assert.Single(error.Headers["X-Request-Id"]));
        }

        [Fact]
        public async Task A_success_status_that_cannot_be_read_fails_with_the_response_headers()
        {
            var transport = new WatchedTransport(HttpStatusCode.OK, "<html>maintenance</html>");
            using var client = TestSupport.ClientFactory.Create(transport); // no logger: nothing else asks for the headers

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(184));

            Assert.Equal(200, error.Status);
            Assert.Equal("req-9", Assert.Single(error.Headers["X-Request-Id"]));
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Task<CertCentralResponse<KeyInfo>> CallAsync(CertCentralClient client) => client.GetKeyInfoWithResponseAsync(184);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static async Task<CertCentralException> FailAsync(CertCentralClient client) =>
            await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(184));

        private static void Collect()
        {
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }
    }
}
