using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DigiCert.CertCentral.Benchmarks
{
    /// <summary>Kestrel on 127.0.0.1 serving fixed bytes per path, as fast as it can.</summary>
    public sealed class PayloadServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private PayloadServer(WebApplication app, Uri baseUri)
        {
            _app = app;
            BaseUri = baseUri;
        }

        public Uri BaseUri { get; }

        public static async Task<PayloadServer> StartAsync(IReadOnlyDictionary<string, byte[]> bodies)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.Run(context =>
            {
                if (!bodies.TryGetValue(context.Request.Path.Value!, out var body))
                {
                    context.Response.StatusCode = 404;
                    return Task.CompletedTask;
                }

                context.Response.ContentType = "application/json";
                context.Response.ContentLength = body.Length;
                return context.Response.Body.WriteAsync(body).AsTask();
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new PayloadServer(app, new Uri(address.TrimEnd('/') + "/services/v2/"));
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
