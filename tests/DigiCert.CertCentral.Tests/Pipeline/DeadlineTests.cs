using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace DigiCert.CertCentral.Tests.Pipeline
{
    /// <summary>
    /// Every deadline bounds every byte: a server that stalls before the headers, or in the middle
    /// of a success or an error body (chunked or with a Content-Length), is cut off by the attempt
    /// timeout, the overall timeout and the caller's token, within about 200 ms of the deadline.
    /// A timed-out attempt is retried; the overall timeout bounds all attempts. Timing assertions,
    /// so these run alone.
    /// </summary>
    [Collection(TimingCollection.Name)]
    public class DeadlineTests
    {
        private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(800);
        // The client ends a stall within ~200 ms of its deadline on an idle machine; a loaded CI
        // machine adds seconds of its own. A missed deadline would take the whole 30 s stall.
        private static readonly TimeSpan Slack = TimeSpan.FromSeconds(4);

        public static TheoryData<string, string> Cases()
        {
            var data = new TheoryData<string, string>();
            foreach (var stall in new[] { "before headers", "200 chunked", "200 with length", "503 chunked", "404 with length" })
            {
                foreach (var deadline in new[] { "attempt timeout", "overall timeout", "cancellation token" }) data.Add(stall, deadline);
            }

            return data;
        }

        // The first call in a process pays for JIT compilation; it is not what the deadlines are about.
        private static readonly Lazy<Task> WarmUp = new Lazy<Task>(async () =>
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, 404, "{}"));
            var options = new CertCentralClientOptions { ApiKey = "WARMUP", BaseUri = server.BaseUri, MaxRetries = 0 };
            options.RateLimits.Clear();
            using var client = new CertCentralClient(options);
            using var cancellation = new CancellationTokenSource();
            await Record.ExceptionAsync(() => client.GetKeyInfoAsync(1, cancellation.Token));
            cancellation.Cancel();
            await Record.ExceptionAsync(() => client.GetKeyInfoAsync(1, cancellation.Token));
        });

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task A_stalled_exchange_ends_at_its_deadline(string stall, string deadline)
        {
            await WarmUp.Value;
            await using var server = await LoopbackServer.StartAsync((c, _) => Stall(c, stall));
            var options = new CertCentralClientOptions
            {
                ApiKey = "DEADLINEKEY" + Guid.NewGuid().ToString("N"),
                BaseUri = server.BaseUri,
                MaxRetries = 0,
                AttemptTimeout = deadline == "attempt timeout" ? Deadline : TimeSpan.FromSeconds(60),
                OverallTimeout = deadline == "overall timeout" ? Deadline : TimeSpan.FromSeconds(120),
            };
            if (deadline == "overall timeout") options.AttemptTimeout = Deadline; // OverallTimeout must be at least AttemptTimeout
            options.RateLimits.Clear();
            using var client = new CertCentralClient(options);
            using var cancellation = new CancellationTokenSource();
            if (deadline == "cancellation token") cancellation.CancelAfter(Deadline);

            var clock = Stopwatch.StartNew();
            var error = await Record.ExceptionAsync(() => client.GetKeyInfoAsync(184, cancellation.Token));
            clock.Stop();

            var canceled = Assert.IsAssignableFrom<OperationCanceledException>(error);
            if (deadline == "cancellation token") Assert.IsNotType<TimeoutException>(canceled.InnerException);
            else Assert.IsType<TimeoutException>(canceled.InnerException);
            Assert.InRange(clock.Elapsed, Deadline - TimeSpan.FromMilliseconds(50), Deadline + Slack);
        }

        [Fact]
        public async Task Retries_of_timed_out_attempts_stop_at_the_overall_timeout()
        {
            await WarmUp.Value;
            await using var server = await LoopbackServer.StartAsync((c, _) => Stall(c, "503 chunked"));
            var options = new CertCentralClientOptions
            {
                ApiKey = "DEADLINEKEY" + Guid.NewGuid().ToString("N"),
                BaseUri = server.BaseUri,
                MaxRetries = 10,
                RetryBaseDelay = TimeSpan.FromMilliseconds(10),
                AttemptTimeout = TimeSpan.FromSeconds(1),
                OverallTimeout = TimeSpan.FromSeconds(3),
            };
            options.RateLimits.Clear();
            using var client = new CertCentralClient(options);

            var clock = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<TaskCanceledException>(() => client.GetKeyInfoAsync(184));

            Assert.IsType<TimeoutException>(error.InnerException);
            Assert.Contains("overall", error.Message);
            Assert.InRange(clock.Elapsed, options.OverallTimeout - TimeSpan.FromMilliseconds(50), options.OverallTimeout + Slack);
            Assert.InRange(server.Requests, 2, 4);
        }

        [Fact]
        public async Task A_slow_attempt_times_out_and_the_retry_succeeds()
        {
            await using var server = await LoopbackServer.StartAsync(async (c, n) =>
            {
                if (n == 1) await Task.Delay(TimeSpan.FromSeconds(60), c.RequestAborted).ContinueWith(_ => { });
                else await LoopbackServer.Json(c, 200, Repo.Recording("getKeyInfo.apiKey.json"));
            });

            // Long enough for a loaded machine to answer the retry, far shorter than the stall.
            var key = await new CertCentralClient(new CertCentralClientOptions
            {
                ApiKey = "DEADLINEKEY" + Guid.NewGuid().ToString("N"),
                BaseUri = server.BaseUri,
                RetryBaseDelay = TimeSpan.FromMilliseconds(10),
                MaxRetryDelay = TimeSpan.FromSeconds(5),
                AttemptTimeout = TimeSpan.FromSeconds(3),
            }).GetKeyInfoAsync(184);

            Assert.Equal(184, key.Id);
            Assert.Equal(2, server.Requests);
        }

        [Fact]
        public async Task The_overall_timeout_bounds_all_attempts()
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => Task.Delay(TimeSpan.FromSeconds(30), c.RequestAborted).ContinueWith(_ => { }));

            var call = new CertCentralClient(new CertCentralClientOptions
            {
                ApiKey = "DEADLINEKEY" + Guid.NewGuid().ToString("N"),
                BaseUri = server.BaseUri,
                RetryBaseDelay = TimeSpan.FromMilliseconds(10),
                MaxRetryDelay = TimeSpan.FromSeconds(5),
                MaxRetries = 50,
                AttemptTimeout = TimeSpan.FromMilliseconds(300),
                OverallTimeout = TimeSpan.FromSeconds(1),
            }).GetKeyInfoAsync(184);

            Assert.Same(call, await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(20))));
            var error = await Assert.ThrowsAsync<TaskCanceledException>(() => call);
            Assert.IsType<TimeoutException>(error.InnerException);
            Assert.Contains("timed out", error.Message);
        }

        private static async Task Stall(HttpContext context, string stall)
        {
            if (stall == "before headers")
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted).ContinueWith(_ => { });
                return;
            }

            context.Response.StatusCode = stall.StartsWith("503", StringComparison.Ordinal) ? 503 : stall.StartsWith("404", StringComparison.Ordinal) ? 404 : 200;
            context.Response.ContentType = "application/json";
            if (stall.EndsWith("with length", StringComparison.Ordinal)) context.Response.ContentLength = 1000;
            await context.Response.WriteAsync("{\"errors\":[{\"code\":\"slow", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted).ContinueWith(_ => { });
        }
    }
}
