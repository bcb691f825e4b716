using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;

namespace DigiCert.CertCentral.Tests
{
    /// <summary>Insertion points: code of the caller's per call and per attempt, above the key.</summary>
    public class CertCentralCallPolicyTests
    {
        private const string Key = "INSERTION-1234567890ABCDEF1234567890";
        private static readonly string ApiKeyBody = Repo.Recording("getKeyInfo.apiKey.json");

        private sealed class RecordingPolicy : CertCentralCallPolicy
        {
            public ConcurrentQueue<string> Seen { get; } = new();

            public override async Task<CertCentralResponse<T>> SendAsync<T>(CertCentralCall context, Func<Task<CertCentralResponse<T>>> proceed)
            {
                Seen.Enqueue($"{context.OperationId} {context.RequestUri.PathAndQuery}");
                return await proceed();
            }
        }

        private sealed class CachedAnswer : CertCentralCallPolicy
        {
            public override Task<CertCentralResponse<T>> SendAsync<T>(CertCentralCall context, Func<Task<CertCentralResponse<T>>> proceed) =>
                Task.FromResult(new CertCentralResponse<T>((T)(object)CertCentralModelFactory.KeyInfo(id: 99, name: "cached"), 200));
        }

        private sealed class HeaderSpy : DelegatingHandler
        {
            public ConcurrentQueue<string> Requests { get; } = new();

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Requests.Enqueue(string.Join(";", request.Headers.Select(h => h.Key + "=" + string.Join(",", h.Value))));
                request.Headers.TryAddWithoutValidation("X-Caller", "mine");
                return base.SendAsync(request, cancellationToken);
            }
        }

        [Fact]
        public async Task A_call_policy_runs_once_around_all_attempts_and_an_attempt_handler_around_each_without_seeing_the_key()
        {
            await using var server = await LoopbackServer.StartAsync((c, n) => n == 1 ? LoopbackServer.Json(c, 503, "{}") : LoopbackServer.Json(c, 200, ApiKeyBody));
            var policy = new RecordingPolicy();
            var spy = new HeaderSpy();
            var options = new CertCentralClientOptions { ApiKey = Key, BaseUri = server.BaseUri, RetryBaseDelay = TimeSpan.FromMilliseconds(5), CallPolicies = { policy }, AttemptHandlers = { () => spy } };
            using var client = new CertCentralClient(options);

            var key = await client.GetKeyInfoAsync(184);

            Assert.Equal(184, key.Id);
            Assert.Equal(new[] { "getKeyInfo /services/v2/key/184" }, policy.Seen);
            Assert.Equal(2, spy.Requests.Count); // both attempts
            Assert.All(spy.Requests, headers => Assert.DoesNotContain(Key, headers));
            Assert.All(server.RequestHeaders, headers =>
            {
                Assert.Equal("mine", headers["X-Caller"]);
                Assert.Equal(Key, headers["X-DC-DEVKEY"]); // added below the caller's handlers
            });
        }

        [Fact]
        public async Task A_call_policy_may_answer_without_calling_out()
        {
            var transport = new RecordingHandler(System.Net.HttpStatusCode.OK, ApiKeyBody);
            using var client = ClientFactory.Create(transport, o => o.CallPolicies.Add(new CachedAnswer()));

            var key = await client.GetKeyInfoAsync(1);

            Assert.Equal("cached", key.Name);
            Assert.Empty(transport.Requests);
        }
    }
}
