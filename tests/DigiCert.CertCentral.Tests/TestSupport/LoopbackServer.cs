using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DigiCert.CertCentral.Tests.TestSupport
{
    /// <summary>
    /// A Kestrel server on 127.0.0.1 and a free port, answering with a test's handler; counts
    /// requests and connections. Stopped on dispose.
    /// </summary>
    internal sealed class LoopbackServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _requests;

        private LoopbackServer(WebApplication app) => _app = app;

        public Uri BaseUri { get; private set; } = null!;

        public int Requests => Volatile.Read(ref _requests);

        public ConcurrentDictionary<string, byte> Connections { get; } = new ConcurrentDictionary<string, byte>();

        /// <summary>Each request's headers, copied (Kestrel reuses its header collections).</summary>
        public ConcurrentQueue<System.Collections.Generic.Dictionary<string, string>> RequestHeaders { get; } = new();

        /// <summary>Starts a server; the handler gets the request's 1-based number.</summary>
        public static async Task<LoopbackServer> StartAsync(Func<HttpContext, int, Task> handler)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var server = new LoopbackServer(app);
            app.Run(context =>
            {
                var number = Interlocked.Increment(ref server._requests);
                server.Connections.TryAdd(context.Connection.Id, 0);
                server.RequestHeaders.Enqueue(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
                return handler(context, number);
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server.BaseUri = new Uri(address.TrimEnd('/') + "/services/v2/");
            return server;
        }

        public static Task Json(HttpContext context, int status, string body, params (string Name, string Value)[] headers)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            foreach (var (name, value) in headers) context.Response.Headers[name] = value;
            return context.Response.WriteAsync(body);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
