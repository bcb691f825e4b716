using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.Versioning;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;

namespace DigiCert.CertCentral.NetStandard.Tests
{
    /// <summary>
    /// The netstandard2.0 asset, loaded by a net10.0 test host, makes the three seed calls, an
    /// error call and a call with a query against a loopback server replaying the recordings.
    /// </summary>
    public sealed class NetStandardAssetTests : IDisposable
    {
        private const string ApiKey = "netstandard-test-key";
        private readonly LoopbackServer server = new LoopbackServer();
        private readonly CertCentralClient client;

        public NetStandardAssetTests()
        {
            client = new CertCentralClient(new CertCentralClientOptions { ApiKey = ApiKey, BaseUri = server.BaseUri });
        }

        public void Dispose()
        {
            client.Dispose();
            server.Dispose();
        }

        [Fact]
        public void The_loaded_client_is_the_netstandard2_0_build()
        {
            var assembly = typeof(CertCentralClient).Assembly;
            Assert.Equal(".NETStandard,Version=v2.0", assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName);
        }

        [Fact]
        public async Task The_three_seed_calls_read_the_recorded_bodies()
        {
            server.Serve("/services/v2/order/certificate/12345/duplicate", 200, "listDuplicateCertificates.seed.json");
            server.Serve("/services/v2/key/184", 200, "getKeyInfo.apiKey.json");
            server.Serve("/services/v2/organization/112233/validation", 200, "getOrganizationValidations.seed.json");

            var duplicates = await client.ListDuplicateCertificatesAsync(12345);
            var key = await client.GetKeyInfoAsync(184);
            var validations = await client.GetOrganizationValidationsAsync(112233);

            var recordedDuplicates = Newtonsoft.Json.Linq.JObject.Parse(Repo.Recording("listDuplicateCertificates.seed.json"));
            Assert.Equal(((Newtonsoft.Json.Linq.JArray)recordedDuplicates["certificates"]!).Count, duplicates.Certificates.Count);
            Assert.Equal((string?)recordedDuplicates["certificates"]![0]!["common_name"], duplicates.Certificates[0].CommonName);
            var recordedKey = Newtonsoft.Json.Linq.JObject.Parse(Repo.Recording("getKeyInfo.apiKey.json"));
            Assert.Equal((string?)recordedKey["name"], key.Name);
            var recordedValidations = Newtonsoft.Json.Linq.JObject.Parse(Repo.Recording("getOrganizationValidations.seed.json"));
            Assert.Equal(((Newtonsoft.Json.Linq.JArray)recordedValidations["validations"]!).Count, validations.Validations.Count);

            // Each call reached the server once, with the key, asking for JSON.
            Assert.Equal(3, server.Requests.Count);
            Assert.All(server.Requests, request =>
            {
                Assert.Equal(ApiKey, request.ApiKey);
                Assert.Equal("application/json", request.Accept);
            });
        }

        [Fact]
        public async Task An_error_response_becomes_a_CertCentralException_with_the_server_error()
        {
            server.Serve("/services/v2/order/certificate/404/duplicate", 404, "listDuplicateCertificates.notFound.json");

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.ListDuplicateCertificatesAsync(404));

            Assert.Equal(404, error.Status);
            Assert.Equal("not_found|order", error.ErrorCode);
            Assert.DoesNotContain(ApiKey, error.ToString());
            Assert.Single(server.Requests); // 404 is not retried
        }

        [Fact]
        public async Task A_call_with_a_query_sends_it_once_and_reads_the_archived_variant()
        {
            server.Serve("/services/v2/order/certificate/12345/duplicate", 200, "listDuplicateCertificates.showArchived.json");

            var duplicates = await client.ListDuplicateCertificatesAsync(12345, showArchived: true);

            var request = Assert.Single(server.Requests);
            Assert.Equal("show_archived=true", request.Query.TrimStart('?')); // as the recording matches it
            Assert.Contains(duplicates.Certificates, certificate => certificate.Archived);
        }

        [Theory]
        [InlineData("own")]
        [InlineData("HttpClientHandler")]
        [InlineData("SocketsHttpHandler")]
        [InlineData("SocketsHttpHandler behind a DelegatingHandler")]
        public async Task A_redirect_to_another_origin_is_refused_and_the_key_stays_home(string transport)
        {
            using var elsewhere = new LoopbackServer();
            elsewhere.Serve("/services/v2/key/184", 200, "getKeyInfo.apiKey.json");
            server.ServeRedirect("/services/v2/key/184", new Uri(elsewhere.BaseUri + "/key/184"));
            var options = new CertCentralClientOptions { ApiKey = ApiKey, BaseUri = server.BaseUri, MaxRetries = 0 };
            // A type the netstandard2.0 build cannot name (SocketsHttpHandler) must be turned off too.
            using var redirected = transport switch
            {
                "HttpClientHandler" => new CertCentralClient(new System.Net.Http.HttpClientHandler(), options),
                "SocketsHttpHandler" => new CertCentralClient(new System.Net.Http.SocketsHttpHandler(), options),
                "SocketsHttpHandler behind a DelegatingHandler" => new CertCentralClient(new PassThrough { InnerHandler = new System.Net.Http.SocketsHttpHandler() }, options),
                _ => new CertCentralClient(options),
            };

            var error = await Assert.ThrowsAsync<CertCentralException>(() => redirected.GetKeyInfoAsync(184));

            Assert.Equal(302, error.Status);
            Assert.Empty(elsewhere.Requests);
        }

        [Fact]
        public async Task A_SocketsHttpHandler_already_used_with_redirects_on_is_refused()
        {
            var used = new System.Net.Http.SocketsHttpHandler();
            using (var http = new System.Net.Http.HttpClient(used, disposeHandler: false))
            {
                await http.GetAsync(server.BaseUri + "key/184");
            }

            Assert.Throws<ArgumentException>(() => new CertCentralClient(used, new CertCentralClientOptions { ApiKey = ApiKey, BaseUri = server.BaseUri }));
            used.Dispose();
        }

        private sealed class PassThrough : System.Net.Http.DelegatingHandler
        {
        }

        private sealed record Request(string Path, string Query, string? ApiKey, string? Accept);

        /// <summary>An HttpListener on 127.0.0.1 and a free port, serving recorded bodies by path.</summary>
        private sealed class LoopbackServer : IDisposable
        {
            private readonly HttpListener listener = new HttpListener();
            private readonly ConcurrentDictionary<string, (int Status, string BodyFile)> routes = new ConcurrentDictionary<string, (int, string)>();
            private readonly ConcurrentDictionary<string, Uri> redirects = new ConcurrentDictionary<string, Uri>();
            private readonly CancellationTokenSource stopping = new CancellationTokenSource();
            private readonly Task serving;

            public LoopbackServer()
            {
                var port = FreePort();
                listener.Prefixes.Add($"http://127.0.0.1:{port}/");
                listener.Start();
                BaseUri = new Uri($"http://127.0.0.1:{port}/services/v2");
                serving = Task.Run(ServeAsync);
            }

            public Uri BaseUri { get; }

            public ConcurrentQueue<Request> Requests { get; } = new ConcurrentQueue<Request>();

            public void Serve(string path, int status, string bodyFile) => routes[path] = (status, bodyFile);

            public void ServeRedirect(string path, Uri location) => redirects[path] = location;

            private async Task ServeAsync()
            {
                while (!stopping.IsCancellationRequested)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await listener.GetContextAsync();
                    }
                    catch (Exception) when (stopping.IsCancellationRequested)
                    {
                        return;
                    }

                    var path = context.Request.Url!.AbsolutePath;
                    Requests.Enqueue(new Request(path, context.Request.Url.Query, context.Request.Headers["X-DC-DEVKEY"], context.Request.Headers["Accept"]));
                    if (redirects.TryGetValue(path, out var location))
                    {
                        context.Response.StatusCode = 302;
                        context.Response.RedirectLocation = location.AbsoluteUri;
                        context.Response.Close();
                        continue;
                    }

                    var (status, body) = routes.TryGetValue(path, out var route)
                        ? (route.Status, File.ReadAllBytes(Repo.RecordingFile(route.BodyFile)))
                        : (599, Encoding.UTF8.GetBytes("no route for " + path));
                    context.Response.StatusCode = status;
                    context.Response.ContentType = "application/json";
                    context.Response.ContentLength64 = body.Length;
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
            }

            private static int FreePort()
            {
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                var port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                return port;
            }

            public void Dispose()
            {
                stopping.Cancel();
                listener.Stop();
                listener.Close();
                try { serving.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
                stopping.Dispose();
            }
        }
    }
}

namespace DigiCert.CertCentral.NetStandard.Tests
{
    /// <summary>The netstandard2.0 asset's public API is its committed listing.</summary>
    public class NetStandardPublicApiTests
    {
        [Fact]
        public void The_netstandard2_0_public_api_is_the_committed_listing()
        {
            var difference = PublicApiListing.Difference(typeof(CertCentralClient).Assembly, "netstandard2.0");
            Assert.True(difference is null, difference);
        }
    }
}
