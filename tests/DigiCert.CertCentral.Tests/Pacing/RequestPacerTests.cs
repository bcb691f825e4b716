using System;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using DigiCert.CertCentral.Pacing;
using DigiCert.CertCentral.Tests.TestSupport;

namespace DigiCert.CertCentral.Tests.Pacing
{
    /// <summary>
    /// A pacer given in the options (any <see cref="RequestPacer"/>) that refuses or fails ends
    /// the call in the typed error, before anything is sent.
    /// </summary>
    [Collection(TimingCollection.Name)]
    public class RequestPacerTests
    {
        private static readonly string ApiKeyBody = Repo.Recording("getKeyInfo.apiKey.json");

        private static CertCentralClientOptions Options(LoopbackServer server, string key)
        {
            var options = new CertCentralClientOptions { ApiKey = key, BaseUri = server.BaseUri, MaxRetries = 0 };
            options.RateLimits.Clear();
            return options;
        }

        [Fact]
        public async Task A_pacer_that_refuses_ends_the_call_in_the_typed_error()
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, 200, ApiKeyBody));
            var options = Options(server, "REFUSED");
            options.Pacer = new RefusingPacer();
            options.MaxRetries = 3; // a refusal is the client's own decision: not retried
            using var client = new CertCentralClient(options);

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(1));

            Assert.Contains("rate limiter refused", error.Message);
            Assert.Equal(1, error.Attempts);
            Assert.Equal(0, server.Requests);
        }

        [Fact]
        public async Task A_pacer_that_fails_ends_the_call_in_the_typed_error()
        {
            await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, 200, ApiKeyBody));
            var options = Options(server, "BROKENLIMITER");
            options.Pacer = new BrokenPacer();
            using var client = new CertCentralClient(options);

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(1));

            Assert.Contains("rate limiter failed", error.Message);
            Assert.IsType<InvalidOperationException>(error.InnerException);
            Assert.Equal(0, server.Requests);
        }

        private sealed class BrokenPacer : RequestPacer
        {
            public override ValueTask<RateLimitLease> AcquireAsync(PacingKey key, CancellationToken cancellationToken) => throw new InvalidOperationException("limiter broke");

            public override ValueTask PauseAsync(PacingKey key, TimeSpan duration, CancellationToken cancellationToken) => default;
        }

        private sealed class RefusingPacer : RequestPacer
        {
            public override ValueTask<RateLimitLease> AcquireAsync(PacingKey key, CancellationToken cancellationToken)
            {
                using var empty = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions { TokenLimit = 1, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromHours(1), QueueLimit = 0, AutoReplenishment = false });
                empty.AttemptAcquire(1); // takes the only token
                return new ValueTask<RateLimitLease>(empty.AttemptAcquire(1));
            }

            public override ValueTask PauseAsync(PacingKey key, TimeSpan duration, CancellationToken cancellationToken) => default;
        }
    }
}
