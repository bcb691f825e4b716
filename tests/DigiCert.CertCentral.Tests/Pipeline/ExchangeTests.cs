using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DigiCert.CertCentral.Tests.Pipeline
{
    /// <summary>
    /// One attempt's exchange. A redirect never carries the key off its origin, however the client
    /// is built: a server that redirects to a second listener (another origin) over real HTTP, for
    /// every redirect status. The body is read whole, bounded by MaxResponseBytes.
    /// </summary>
    public class ExchangeTests
    {
        private const string Key = "REDIRECTKEY0000000000000000000000";

        public static TheoryData<int, string> StatusesAndConstructions()
        {
            var data = new TheoryData<int, string>();
            foreach (var status in new[] { 301, 302, 303, 307, 308 })
            {
                foreach (var construction in new[] { "own transport", "dependency injection", "caller's HttpClientHandler", "caller's SocketsHttpHandler" }) data.Add(status, construction);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(StatusesAndConstructions))]
        public async Task A_redirect_to_another_origin_is_refused_and_the_other_origin_never_sees_the_key(int status, string construction)
        {
            var elsewhere = new ConcurrentQueue<string>();
            await using var other = await LoopbackServer.StartAsync((c, _) =>
            {
                elsewhere.Enqueue(c.Request.Headers["X-DC-DEVKEY"].ToString());
                return LoopbackServer.Json(c, 200, Repo.Recording("getKeyInfo.apiKey.json"));
            });
            await using var server = await LoopbackServer.StartAsync((c, _) =>
            {
                c.Response.StatusCode = status;
                c.Response.Headers.Location = new Uri(other.BaseUri, "key/184").AbsoluteUri;
                return Task.CompletedTask;
            });
            using var client = Build(construction, server.BaseUri);

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(184));

            Assert.Equal(status, error.Status);
            Assert.Contains(other.BaseUri.GetLeftPart(UriPartial.Authority), error.Message); // says where it pointed
            Assert.Empty(elsewhere);
            Assert.Equal(1, server.Requests);
        }

        [Theory]
        [InlineData(301)]
        [InlineData(307)]
        public async Task A_redirect_within_the_origin_is_followed_with_the_key(int status)
        {
            await using var server = await LoopbackServer.StartAsync((c, n) =>
            {
                if (c.Request.Path.StartsWithSegments("/services/v2/key/184"))
                {
                    c.Response.StatusCode = status;
                    c.Response.Headers.Location = "/services/v2/key/185";
                    return Task.CompletedTask;
                }

                return LoopbackServer.Json(c, 200, Repo.Recording("getKeyInfo.apiKey.json"));
            });
            using var client = Build("own transport", server.BaseUri);

            var key = await client.GetKeyInfoAsync(184);

            Assert.Equal(184, key.Id);
            Assert.Equal(2, server.Requests);
            Assert.All(server.RequestHeaders, h => Assert.Equal(Key, h["X-DC-DEVKEY"]));
        }

        [Fact]
        public async Task Endless_redirects_within_the_origin_end_in_a_typed_error()
        {
            await using var server = await LoopbackServer.StartAsync((c, n) =>
            {
                c.Response.StatusCode = 302;
                c.Response.Headers.Location = "/services/v2/key/" + n;
                return Task.CompletedTask;
            });
            using var client = Build("own transport", server.BaseUri);

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(1));

            Assert.Contains("more than 5 times", error.Message);
            Assert.Equal(6, server.Requests);
        }

        [Fact]
        public async Task A_caller_transport_that_already_follows_redirects_and_cannot_change_is_refused()
        {
            using var started = new HttpClientHandler();
            using (var http = new HttpClient(started, disposeHandler: false))
            {
                try
                {
                    await http.GetAsync("http://127.0.0.1:1/");
                }
                catch (HttpRequestException)
                {
                    // Nothing listens there: the point is that the handler has started.
                }
            }

            var error = Assert.Throws<ArgumentException>(() => new CertCentralClient(started, Options(new Uri("https://www.digicert.com/services/v2"))));
            Assert.Contains("redirect", error.Message);
        }

        [Fact]
        public async Task A_transport_that_follows_redirects_out_of_sight_fails_the_call_instead_of_passing_the_answer_off()
        {
            await using var other = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, 200, Repo.Recording("getKeyInfo.apiKey.json")));
            await using var server = await LoopbackServer.StartAsync((c, _) =>
            {
                c.Response.StatusCode = 307;
                c.Response.Headers.Location = new Uri(other.BaseUri, "key/184").AbsoluteUri;
                return Task.CompletedTask;
            });
            using var client = new CertCentralClient(new OpaqueTransport(), Options(server.BaseUri));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(184));

            Assert.Contains("not the base URL's origin", error.Message);
            Assert.Contains(other.BaseUri.GetLeftPart(UriPartial.Authority), error.Message);
        }

        [Theory]
        [InlineData(302, null)]
        [InlineData(307, "\\\\127.0.0.1:Q/x")]
        public async Task A_redirect_without_a_usable_location_says_so(int status, string? location)
        {
            await using var server = await LoopbackServer.StartAsync((c, _) =>
            {
                c.Response.StatusCode = status;
                if (location != null) c.Response.Headers["Location"] = location;
                return Task.CompletedTask;
            });
            using var client = Build("own transport", server.BaseUri);

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(184));

            Assert.Equal(status, error.Status);
            Assert.Contains(location is null ? "without a Location" : "not a URL the client can follow", error.Message);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_response_over_the_size_limit_fails_cleanly(bool sendContentLength)
        {
            var big = "{\"id\": 1, \"padding\": \"" + new string('x', 64 * 1024) + "\"}";
            await using var server = await LoopbackServer.StartAsync(async (c, _) =>
            {
                c.Response.ContentType = "application/json";
                if (sendContentLength) c.Response.ContentLength = Encoding.UTF8.GetByteCount(big);
                await c.Response.WriteAsync(big);
            });
            var options = new CertCentralClientOptions { ApiKey = ClientFactory.ApiKey, BaseUri = server.BaseUri, MaxRetries = 0, MaxResponseBytes = 16 * 1024 };

            var error = await Assert.ThrowsAsync<CertCentralException>(() => new CertCentralClient(options).GetKeyInfoAsync(1));

            Assert.Equal(200, error.Status);
            Assert.Contains("16,384-byte limit", error.Message);
        }

        [Fact]
        public async Task An_error_body_over_the_size_limit_fails_cleanly_too()
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, 500, new string(' ', 40 * 1024) + "{}"));
            var options = new CertCentralClientOptions { ApiKey = ClientFactory.ApiKey, BaseUri = server.BaseUri, MaxRetries = 0, MaxResponseBytes = 16 * 1024 };

            var error = await Assert.ThrowsAsync<CertCentralException>(() => new CertCentralClient(options).GetKeyInfoAsync(1));

            Assert.Equal(500, error.Status);
            Assert.Contains("16,384-byte limit", error.Message);
            Assert.True(error.IsTransient); // a 500 is retried, whatever its body
        }

        [Theory]
        [InlineData("br")]
        [InlineData("gzip")]
        [InlineData("deflate")]
        public async Task A_corrupt_compressed_body_fails_typed(string encoding)
        {
            await using var server = await LoopbackServer.StartAsync(async (c, _) =>
            {
                c.Response.ContentType = "application/json";
                c.Response.Headers["Content-Encoding"] = encoding;
                await c.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("{\"id\": 1, \"not\": \"compressed at all\"}"));
            });
            var options = new CertCentralClientOptions { ApiKey = ClientFactory.ApiKey, BaseUri = server.BaseUri, MaxRetries = 0 };

            var error = await Assert.ThrowsAsync<CertCentralException>(() => new CertCentralClient(options).GetKeyInfoAsync(1));

            Assert.Equal(0, error.Status); // no complete, readable response
        }

        [Fact]
        public async Task A_connection_cut_while_the_body_is_read_gives_the_exception()
        {
            var client = ClientFactory.Create(new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new FailingStream()) }));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(1));

            Assert.IsType<IOException>(error.InnerException);
        }

        /// <summary>A transport the client cannot look into: it follows redirects itself.</summary>
        private sealed class OpaqueTransport : HttpMessageHandler
        {
            private readonly HttpMessageInvoker _inner = new HttpMessageInvoker(new SocketsHttpHandler { AllowAutoRedirect = true });

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken cancellationToken) => _inner.SendAsync(request, cancellationToken);
        }

        private static CertCentralClientOptions Options(Uri baseUri)
        {
            var options = new CertCentralClientOptions { ApiKey = Key, BaseUri = baseUri, MaxRetries = 0 };
            options.RateLimits.Clear();
            return options;
        }

        private static DisposableClient Build(string construction, Uri baseUri)
        {
            switch (construction)
            {
                case "own transport":
                    return new DisposableClient(new CertCentralClient(Options(baseUri)));
                case "caller's HttpClientHandler":
                    return new DisposableClient(new CertCentralClient(new HttpClientHandler(), Options(baseUri)));
                case "caller's SocketsHttpHandler":
                    return new DisposableClient(new CertCentralClient(new SocketsHttpHandler(), Options(baseUri)));
                default:
                    var services = new ServiceCollection();
                    services.AddCertCentralClient(o =>
                    {
                        o.ApiKey = Key;
                        o.BaseUri = baseUri;
                        o.MaxRetries = 0;
                        o.RateLimits.Clear();
                    });
                    var provider = services.BuildServiceProvider();
                    return new DisposableClient(provider.GetRequiredService<CertCentralClient>(), provider);
            }
        }

        private sealed class DisposableClient : IDisposable
        {
            private readonly IDisposable _owner;

            public DisposableClient(CertCentralClient client, IDisposable? owner = null)
            {
                Client = client;
                _owner = owner ?? (IDisposable)client;
            }

            public CertCentralClient Client { get; }

            public Task<KeyInfo> GetKeyInfoAsync(long id) => Client.GetKeyInfoAsync(id);

            public void Dispose() => _owner.Dispose();
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
