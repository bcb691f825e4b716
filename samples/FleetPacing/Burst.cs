using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral;

namespace FleetPacing
{
    /// <summary>The burst: N calls, some at a time, and the one JSON line that reports them.</summary>
    internal static class Burst
    {
        /// <summary>Makes the calls, <paramref name="concurrency"/> at a time; returns the JSON line.</summary>
        public static async Task<string> RunAsync(CertCentralClient client, int calls, int concurrency, long orderId)
        {
            var ok = 0;
            var failed = 0;
            var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            var next = 0;
            var elapsed = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, calls)).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) <= calls)
                {
                    try
                    {
                        await client.ListDuplicateCertificatesAsync(orderId);
                        Interlocked.Increment(ref ok);
                    }
                    catch (Exception e)
                    {
                        Interlocked.Increment(ref failed);
                        errors.AddOrUpdate(ErrorName(e), 1, (_, count) => count + 1);
                    }
                }
            }));

            using var json = new MemoryStream();
            using (var writer = new Utf8JsonWriter(json))
            {
                writer.WriteStartObject();
                writer.WriteNumber("ok", ok);
                writer.WriteNumber("failed", failed);
                writer.WriteStartObject("errors");
                foreach (var (name, count) in errors.OrderBy(e => e.Key, StringComparer.Ordinal)) writer.WriteNumber(name, count);
                writer.WriteEndObject();
                writer.WriteNumber("elapsed_ms", elapsed.ElapsedMilliseconds);
                writer.WriteEndObject();
            }

            return System.Text.Encoding.UTF8.GetString(json.ToArray());
        }

        /// <summary>
        /// CertCentral's error code when it sent one (request_limit_exceeded for a 429); else what
        /// failed: the cause the client wrapped (RedisPacingException when the pacer could not reach
        /// Redis, HttpRequestException for the network), or the exception's own type.
        /// </summary>
        public static string ErrorName(Exception e) => e switch
        {
            CertCentralException { ErrorCode: { Length: > 0 } code } => code,
            CertCentralException { InnerException: { } cause } => cause.GetType().Name,
            _ => e.GetType().Name,
        };
    }
}
