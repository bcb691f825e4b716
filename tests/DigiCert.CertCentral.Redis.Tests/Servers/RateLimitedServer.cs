using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DigiCert.CertCentral.Redis.Tests.Servers
{
    /// <summary>
    /// CertCentral's rate limiting, exactly and scaled down in time, on 127.0.0.1: a request that
    /// arrives when <c>permits</c> accepted requests already arrived within the window before it,
    /// for any limit, gets 429 <c>request_limit_exceeded</c>; others get the seed duplicates list.
    /// A request "arrives" after a random delay of up to <c>arrivalJitter</c> (as if the limiter
    /// sat further away), so arrival can be anywhere between the client's send and its read of the
    /// response: a pacer that counted a request from any moment before its exchange ended would
    /// draw 429s. Requests for <c>hangingOrderId</c> arrive, count, and are then never answered.
    /// </summary>
    internal sealed class RateLimitedServer : IAsyncDisposable
    {
        private static readonly string SeedBody = Repo.Recording("listDuplicateCertificates.seed.json");
        private const string LimitBody = "{\"errors\":[{\"code\":\"request_limit_exceeded\",\"message\":\"You have exceeded the rate limit for this API key.\"}]}";

        private readonly WebApplication _app;
        private readonly RequestRateLimit[] _limits;
        private readonly TimeSpan _arrivalJitter;
        private readonly long? _hangingOrderId;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<TimeSpan> _accepted = new List<TimeSpan>();
        private readonly List<TimeSpan> _rejected = new List<TimeSpan>();
        private readonly List<string> _userAgents = new List<string>();
        private readonly List<long> _orders = new List<long>();
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private int _hanging;

        private RateLimitedServer(WebApplication app, RequestRateLimit[] limits, TimeSpan arrivalJitter, long? hangingOrderId)
        {
            _app = app;
            _limits = limits;
            _arrivalJitter = arrivalJitter;
            _hangingOrderId = hangingOrderId;
        }

        public Uri BaseUri { get; private set; } = null!;

        /// <summary>The server's clock, which stamps arrivals.</summary>
        public TimeSpan Now => _clock.Elapsed;

        /// <summary>Requests for the hanging order now held open.</summary>
        public int Hanging => Volatile.Read(ref _hanging);

        public IReadOnlyList<TimeSpan> Accepted
        {
            get
            {
                lock (_accepted) return _accepted.ToArray();
            }
        }

        public IReadOnlyList<TimeSpan> Rejected
        {
            get
            {
                lock (_accepted) return _rejected.ToArray();
            }
        }

        /// <summary>The User-Agent of each accepted request, in arrival order.</summary>
        public IReadOnlyList<string> AcceptedUserAgents
        {
            get
            {
                lock (_accepted) return _userAgents.ToArray();
            }
        }

        /// <summary>
        /// The accepted arrivals, one line per window-long stretch of time: when, and the order ID
        /// of each (give each process its own to tell them apart).
        /// </summary>
        public string Timeline()
        {
            lock (_accepted)
            {
                if (_accepted.Count == 0) return "(no arrivals)";
                var first = _accepted.Min();
                var text = new System.Text.StringBuilder();
                foreach (var group in _accepted.Select((t, i) => (At: t - first, Order: _orders[i])).OrderBy(a => a.At).GroupBy(a => (int)(a.At.TotalMilliseconds / 500)))
                {
                    text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{group.Key * 500,6} ms:");
                    foreach (var (at, order) in group) text.Append(System.Globalization.CultureInfo.InvariantCulture, $" {at.TotalMilliseconds:0}#{order}");
                    text.AppendLine();
                }

                return text.ToString();
            }
        }

        /// <summary>First to last accepted arrival.</summary>
        public TimeSpan Span
        {
            get
            {
                lock (_accepted) return _accepted.Count < 2 ? TimeSpan.Zero : _accepted.Max() - _accepted.Min();
            }
        }

        public static async Task<RateLimitedServer> StartAsync(IEnumerable<RequestRateLimit> limits, TimeSpan arrivalJitter, long? hangingOrderId = null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var server = new RateLimitedServer(app, limits.ToArray(), arrivalJitter, hangingOrderId);
            app.Run(server.HandleAsync);
            await app.StartAsync();
            var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server.BaseUri = new Uri(address.TrimEnd('/') + "/services/v2");
            return server;
        }

        /// <summary>
        /// The fastest first-to-last arrival span that <paramref name="calls"/> requests can have
        /// within <paramref name="limits"/>: each goes as soon as every window allows it.
        /// </summary>
        public static TimeSpan MinimumSpan(int calls, IReadOnlyList<RequestRateLimit> limits)
        {
            var times = new List<TimeSpan>();
            for (var i = 0; i < calls; i++)
            {
                var at = i == 0 ? TimeSpan.Zero : times[i - 1];
                foreach (var limit in limits.Where(l => i >= l.Permits))
                {
                    var free = times[i - limit.Permits] + limit.Window;
                    if (free > at) at = free;
                }

                times.Add(at);
            }

            return times.Count == 0 ? TimeSpan.Zero : times[^1] - times[0];
        }

        public async ValueTask DisposeAsync()
        {
            _stopping.Cancel();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        private async Task HandleAsync(HttpContext context)
        {
            var path = context.Request.Path.Value ?? "";
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length != 6 || segments[2] != "order" || segments[3] != "certificate" || segments[5] != "duplicate" || !long.TryParse(segments[4], out var orderId))
            {
                context.Response.StatusCode = 404;
                return;
            }

            if (_arrivalJitter > TimeSpan.Zero) await Task.Delay(TimeSpan.FromTicks(Random.Shared.NextInt64(_arrivalJitter.Ticks)));
            bool allowed;
            lock (_accepted)
            {
                var now = _clock.Elapsed;
                allowed = _limits.All(limit => _accepted.Count(t => t > now - limit.Window) < limit.Permits);
                if (allowed)
                {
                    _accepted.Add(now);
                    _userAgents.Add(context.Request.Headers.UserAgent.ToString());
                    _orders.Add(orderId);
                }
                else
                {
                    _rejected.Add(now);
                }
            }

            if (allowed && orderId == _hangingOrderId)
            {
                Interlocked.Increment(ref _hanging);
                try
                {
                    using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
                    await Task.Delay(Timeout.Infinite, both.Token);
                }
                catch (OperationCanceledException)
                {
                    // the client went away, or the server stops
                }
                finally
                {
                    Interlocked.Decrement(ref _hanging);
                }

                return;
            }

            context.Response.StatusCode = allowed ? 200 : 429;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(allowed ? SeedBody : LimitBody);
        }
    }
}
