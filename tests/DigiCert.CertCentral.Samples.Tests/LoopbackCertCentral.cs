using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DigiCert.CertCentral.Samples.Tests
{
    /// <summary>
    /// A stand-in for CertCentral on a free loopback port (Kestrel) that shows what arrived: the
    /// request headers, how many requests ran at once. Answers the recorded API key info, or the
    /// status the plan gives for the request's number (1-based).
    /// </summary>
    internal sealed class LoopbackCertCentral : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _inFlight;
        private int _maxInFlight;

        private LoopbackCertCentral(WebApplication app) => _app = app;

        public Uri BaseUri { get; private set; } = null!;

        public ConcurrentQueue<Dictionary<string, string>> Requests { get; } = new();

        public int MaxConcurrentRequests => Volatile.Read(ref _maxInFlight);

        public static async Task<LoopbackCertCentral> StartAsync(Func<int, int>? statusOfRequest = null, TimeSpan? delay = null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var server = new LoopbackCertCentral(app);
            var body = Repo.Recording("getKeyInfo.apiKey.json");
            var count = 0;
            app.Run(async context =>
            {
                var number = Interlocked.Increment(ref count);
                server.Requests.Enqueue(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
                var now = Interlocked.Increment(ref server._inFlight);
                InterlockedMax(ref server._maxInFlight, now);
                try
                {
                    if (delay is { } wait) await Task.Delay(wait);
                    var status = statusOfRequest?.Invoke(number) ?? 200;
                    context.Response.StatusCode = status;
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync(status == 200 ? body : "{\"errors\":[{\"code\":\"service_unavailable\",\"message\":\"Try again.\"}]}");
                }
                finally
                {
                    Interlocked.Decrement(ref server._inFlight);
                }
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            server.BaseUri = new Uri(address.TrimEnd('/') + "/services/v2/");
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}
