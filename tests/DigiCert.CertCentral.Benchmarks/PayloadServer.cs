using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Threading;
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
    /// <summary>How the payload server answers: plainly (the default), compressed, throttled.</summary>
    public sealed class ServeOptions
    {
        /// <summary>
        /// The content coding the server compresses with ("gzip" or "br") when the request's
        /// Accept-Encoding lists it, as a server honouring Accept-Encoding does; identity otherwise,
        /// and always when this is null. Bodies are compressed once, at start, at the level a web
        /// server compresses on the fly (CompressionLevel.Optimal: gzip level 6, Brotli quality 4).
        /// </summary>
        public string? Encoding { get; init; }

        /// <summary>
        /// The link's bandwidth, in bytes per second, or 0 for loopback at full speed. The response
        /// body is written in 16 KiB chunks, each no earlier than its last byte would arrive on such
        /// a link (bytes sent so far / bandwidth, from the first byte): deterministic, no tc or root.
        /// </summary>
        public long BytesPerSecond { get; init; }

        /// <summary>Bodies sent as they are, with the coding given, whatever the request asks (a compression bomb).</summary>
        public IReadOnlyDictionary<string, (string Encoding, byte[] Body)> Encoded { get; init; } = new Dictionary<string, (string, byte[])>();

        /// <summary>50 Mbit/s, a realistic client's link to an API across the internet.</summary>
        public const long FiftyMegabits = 50_000_000 / 8;
    }

    /// <summary>
    /// Kestrel on 127.0.0.1 serving fixed bytes per path, as fast as it can (or compressed and
    /// throttled, see <see cref="ServeOptions"/>), counting the response body bytes it sends.
    /// </summary>
    public sealed class PayloadServer : IAsyncDisposable
    {
        private const int ThrottleChunk = 16 * 1024;
        private readonly WebApplication _app;
        private long _responses;
        private long _bodyBytes;
        private string _encodings = "";

        private PayloadServer(WebApplication app)
        {
            _app = app;
        }

        public Uri BaseUri { get; private set; } = null!;

        /// <summary>Responses sent since the last <see cref="ResetCounters"/>.</summary>
        public long Responses => Interlocked.Read(ref _responses);

        /// <summary>Response body bytes sent (as on the wire: compressed when compressed) since the last <see cref="ResetCounters"/>.</summary>
        public long BodyBytes => Interlocked.Read(ref _bodyBytes);

        /// <summary>The content codings of those responses, each once ("identity" for none).</summary>
        public string Encodings => Volatile.Read(ref _encodings);

        public void ResetCounters()
        {
            Interlocked.Exchange(ref _responses, 0);
            Interlocked.Exchange(ref _bodyBytes, 0);
            Volatile.Write(ref _encodings, "");
        }

        public static async Task<PayloadServer> StartAsync(IReadOnlyDictionary<string, byte[]> bodies, ServeOptions? options = null)
        {
            options ??= new ServeOptions();
            var compressed = options.Encoding is null ? null : bodies.ToDictionary(b => b.Key, b => Compress(b.Value, options.Encoding));
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var server = new PayloadServer(app);
            app.Run(async context =>
            {
                var path = context.Request.Path.Value!;
                string encoding;
                byte[] body;
                if (options.Encoded.TryGetValue(path, out var encoded))
                {
                    (encoding, body) = encoded;
                }
                else if (bodies.TryGetValue(path, out var plain))
                {
                    var compress = compressed != null && Accepts(context.Request.Headers.AcceptEncoding, options.Encoding!);
                    (encoding, body) = compress ? (options.Encoding!, compressed![path]) : ("identity", plain);
                    if (compressed != null) context.Response.Headers.Vary = "Accept-Encoding";
                }
                else
                {
                    context.Response.StatusCode = 404;
                    return;
                }

                context.Response.ContentType = "application/json";
                if (encoding != "identity") context.Response.Headers.ContentEncoding = encoding;
                context.Response.ContentLength = body.Length;
                // Counted before it is sent: a client may have read it all before this handler resumes.
                server.Count(body.Length, encoding);
                if (options.BytesPerSecond > 0) await WriteThrottledAsync(context.Response.Body, body, options.BytesPerSecond, context.RequestAborted);
                else await context.Response.Body.WriteAsync(body, context.RequestAborted);
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server.BaseUri = new Uri(address.TrimEnd('/') + "/services/v2/");
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        /// <summary>A body in a content coding, at the level web servers compress responses on the fly.</summary>
        public static byte[] Compress(byte[] body, string encoding)
        {
            using var output = new MemoryStream();
            using (Stream compressor = encoding switch
            {
                "gzip" => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true),
                "br" => new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true),
                "deflate" => new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true),
                _ => throw new ArgumentException($"Unknown content coding '{encoding}'.", nameof(encoding)),
            })
            {
                compressor.Write(body);
            }

            return output.ToArray();
        }

        private void Count(long bytes, string encoding)
        {
            Interlocked.Increment(ref _responses);
            Interlocked.Add(ref _bodyBytes, bytes);
            while (true)
            {
                var seen = Volatile.Read(ref _encodings);
                if (seen.Split(',').Contains(encoding)) return;
                if (Interlocked.CompareExchange(ref _encodings, seen.Length == 0 ? encoding : seen + "," + encoding, seen) == seen) return;
            }
        }

        /// <summary>Whether an Accept-Encoding header accepts <paramref name="encoding"/> (listed without q=0).</summary>
        private static bool Accepts(Microsoft.Extensions.Primitives.StringValues acceptEncoding, string encoding)
        {
            foreach (var header in acceptEncoding)
            {
                foreach (var item in (header ?? "").Split(','))
                {
                    var parts = item.Split(';');
                    if (!parts[0].Trim().Equals(encoding, StringComparison.OrdinalIgnoreCase)) continue;
                    var refused = parts.Skip(1).Any(p => p.Replace(" ", "") is "q=0" or "q=0.0" or "q=0.00" or "q=0.000");
                    if (!refused) return true;
                }
            }

            return false;
        }

        private static async Task WriteThrottledAsync(Stream response, byte[] body, long bytesPerSecond, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            for (var sent = 0; sent < body.Length;)
            {
                var chunk = Math.Min(ThrottleChunk, body.Length - sent);
                // The chunk's last byte arrives (sent + chunk) / bandwidth after the first.
                var due = TimeSpan.FromSeconds((double)(sent + chunk) / bytesPerSecond) - clock.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due, cancellationToken);
                await response.WriteAsync(body.AsMemory(sent, chunk), cancellationToken);
                await response.FlushAsync(cancellationToken);
                sent += chunk;
            }
        }
    }
}
