using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using DigiCert.CertCentral.Pacing;
using DigiCert.CertCentral.Tests.TestSupport;

namespace DigiCert.CertCentral.Tests.Pipeline
{
    /// <summary>
    /// Code of the caller's that breaks its contract (a pacer or a handler that ignores the token,
    /// returns null, or cancels on its own) still gets a bounded call and a typed outcome.
    /// </summary>
    [Collection(TimingCollection.Name)]
    public class CallersCodeTests
    {
        private static readonly string ApiKeyBody = Repo.Recording("getKeyInfo.apiKey.json");

        private sealed class StuckPacer : RequestPacer
        {
            public override ValueTask<RateLimitLease> AcquireAsync(PacingKey key, CancellationToken cancellationToken) => new ValueTask<RateLimitLease>(new TaskCompletionSource<RateLimitLease>().Task);

            public override ValueTask PauseAsync(PacingKey key, TimeSpan duration, CancellationToken cancellationToken) => default;
        }

        private sealed class NullPacer : RequestPacer
        {
            public override ValueTask<RateLimitLease> AcquireAsync(PacingKey key, CancellationToken cancellationToken) => new ValueTask<RateLimitLease>((RateLimitLease)null!);

            public override ValueTask PauseAsync(PacingKey key, TimeSpan duration, CancellationToken cancellationToken) => default;
        }

        private sealed class SelfCancellingPacer : RequestPacer
        {
            public override ValueTask<RateLimitLease> AcquireAsync(PacingKey key, CancellationToken cancellationToken) => throw new OperationCanceledException("the pacer's own reason");

            public override ValueTask PauseAsync(PacingKey key, TimeSpan duration, CancellationToken cancellationToken) => default;
        }

        /// <summary>Grants permits, but its pause (after a 429) never completes and ignores the token.</summary>
        private sealed class StuckPausePacer : RequestPacer
        {
            private readonly LocalRequestPacer _permits = new LocalRequestPacer(RequestRateLimit.CertCentralDefaults);

            public override ValueTask<RateLimitLease> AcquireAsync(PacingKey key, CancellationToken cancellationToken) => _permits.AcquireAsync(key, cancellationToken);

            public override ValueTask PauseAsync(PacingKey key, TimeSpan duration, CancellationToken cancellationToken) => new ValueTask(new TaskCompletionSource<bool>().Task);
        }

        private sealed class StuckHandler : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => new TaskCompletionSource<HttpResponseMessage>().Task;
        }

        /// <summary>A body whose stream never opens, ignoring every token (a caller's transport's content).</summary>
        private sealed class StuckContent : HttpContent
        {
            protected override Task SerializeToStreamAsync(System.IO.Stream stream, TransportContext? context) => new TaskCompletionSource<bool>().Task;

            protected override Task SerializeToStreamAsync(System.IO.Stream stream, TransportContext? context, CancellationToken cancellationToken) => new TaskCompletionSource<bool>().Task;

            protected override Task<System.IO.Stream> CreateContentReadStreamAsync() => new TaskCompletionSource<System.IO.Stream>().Task;

            protected override Task<System.IO.Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => new TaskCompletionSource<System.IO.Stream>().Task;

            protected override bool TryComputeLength(out long length)
            {
                length = 0;
                return false;
            }
        }

        private sealed class NullHandler : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult<HttpResponseMessage>(null!);
        }

        private static CertCentralClient Client(Action<CertCentralClientOptions> configure)
        {
            var options = new CertCentralClientOptions { ApiKey = "CALLERSCODE-" + Guid.NewGuid().ToString("N"), BaseUri = new Uri("http://127.0.0.1:9/services/v2"), MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(1), OverallTimeout = TimeSpan.FromSeconds(2) };
            configure(options);
            return new CertCentralClient(new RecordingHandler(HttpStatusCode.OK, ApiKeyBody), options);
        }

        [Fact]
        public async Task A_pacer_that_never_answers_ends_at_the_overall_timeout()
        {
            using var client = Client(o => o.Pacer = new StuckPacer());
            var clock = Stopwatch.StartNew();

            var error = await Assert.ThrowsAsync<TaskCanceledException>(() => client.GetKeyInfoAsync(1));

            Assert.IsType<TimeoutException>(error.InnerException);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
        }

        [Fact]
        public async Task An_attempt_handler_that_never_answers_ends_at_the_attempt_timeout()
        {
            using var client = Client(o => o.AttemptHandlers.Add(() => new StuckHandler()));
            var clock = Stopwatch.StartNew();

            var error = await Assert.ThrowsAsync<TaskCanceledException>(() => client.GetKeyInfoAsync(1));

            Assert.Contains("attempt timeout", error.Message);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(2)]
        public async Task A_pacer_whose_pause_never_completes_ends_at_the_overall_timeout(int retries)
        {
            var options = new CertCentralClientOptions { ApiKey = "CALLERSCODE-" + Guid.NewGuid().ToString("N"), BaseUri = new Uri("http://127.0.0.1:9/services/v2"), MaxRetries = retries, RetryBaseDelay = TimeSpan.FromMilliseconds(10), AttemptTimeout = TimeSpan.FromSeconds(1), OverallTimeout = TimeSpan.FromSeconds(2), Pacer = new StuckPausePacer() };
            using var client = new CertCentralClient(new RecordingHandler((HttpStatusCode)429, Repo.Recording("getOrganizationValidations.rateLimited.json")), options);
            var clock = Stopwatch.StartNew();

            var error = await Record.ExceptionAsync(() => client.GetKeyInfoAsync(1).WaitAsync(TimeSpan.FromSeconds(30)));

            Assert.IsNotType<TimeoutException>(error); // the call itself ended, not the test's wait
            Assert.IsType<TimeoutException>(Assert.IsType<TaskCanceledException>(error).InnerException);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
        }

        [Fact]
        public async Task A_transport_whose_body_never_opens_ends_at_the_attempt_timeout()
        {
            var options = new CertCentralClientOptions { ApiKey = "CALLERSCODE-" + Guid.NewGuid().ToString("N"), BaseUri = new Uri("http://127.0.0.1:9/services/v2"), MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(1), OverallTimeout = TimeSpan.FromSeconds(2) };
            options.RateLimits.Clear();
            using var client = new CertCentralClient(new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StuckContent() }), options);
            var clock = Stopwatch.StartNew();

            var error = await Record.ExceptionAsync(() => client.GetKeyInfoAsync(1).WaitAsync(TimeSpan.FromSeconds(30)));

            Assert.Contains("attempt timeout", Assert.IsType<TaskCanceledException>(error).Message);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        }

        [Fact]
        public async Task The_callers_token_ends_a_call_stuck_in_the_callers_code()
        {
            using var client = Client(o =>
            {
                o.AttemptHandlers.Add(() => new StuckHandler());
                o.AttemptTimeout = o.OverallTimeout = TimeSpan.FromMinutes(5);
            });
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

            var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetKeyInfoAsync(1, cancel.Token));

            Assert.False(error is TaskCanceledException { InnerException: TimeoutException }, "reported as a timeout");
            Assert.Equal(cancel.Token, error.CancellationToken);
        }

        [Fact]
        public async Task A_pacer_or_handler_that_returns_null_fails_the_call_typed()
        {
            using var nullPacer = Client(o => o.Pacer = new NullPacer());
            using var nullHandler = Client(o => o.AttemptHandlers.Add(() => new NullHandler()));

            var noPermit = await Assert.ThrowsAsync<CertCentralException>(() => nullPacer.GetKeyInfoAsync(1));
            var noResponse = await Assert.ThrowsAsync<CertCentralException>(() => nullHandler.GetKeyInfoAsync(1));

            Assert.Contains("gave no permit", noPermit.Message);
            Assert.Contains("returned no response", noResponse.Message);
            Assert.False(noResponse.IsTransient);
        }

        [Fact]
        public async Task A_cancellation_of_the_callers_own_code_is_not_reported_as_a_timeout()
        {
            using var client = Client(o => o.Pacer = new SelfCancellingPacer());

            var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetKeyInfoAsync(1));

            Assert.Equal("the pacer's own reason", error.Message);
        }
    }
}
