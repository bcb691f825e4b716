using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;

namespace DigiCert.CertCentral.Tests
{
    /// <summary>
    /// The generated operations: the request each sends, the arguments each refuses before
    /// sending, and what a call on a disposed client or with a cancelled token does.
    /// </summary>
    public class CertCentralClientTests
    {
        [Fact]
        public async Task List_duplicates_gets_the_order_path_without_a_query()
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("listDuplicateCertificates.seed.json"));

            var list = await ClientFactory.Create(handler).ListDuplicateCertificatesAsync(12345);

            RequestAssert.CertCentralGet(handler.Single, "https://www.digicert.com/services/v2/order/certificate/12345/duplicate");
            Assert.Equal(3, list.Certificates.Count);
        }

        [Fact]
        public async Task List_duplicates_with_archived_sends_show_archived_true()
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("listDuplicateCertificates.seed.json"));

            await ClientFactory.Create(handler).ListDuplicateCertificatesAsync(12345, showArchived: true);

            RequestAssert.CertCentralGet(handler.Single, "https://www.digicert.com/services/v2/order/certificate/12345/duplicate?show_archived=true");
        }

        [Fact]
        public async Task Get_key_info_calls_the_single_base_path_not_the_docs_doubled_one()
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("getKeyInfo.apiKey.json"));

            var key = await ClientFactory.Create(handler).GetKeyInfoAsync(184);

            RequestAssert.CertCentralGet(handler.Single, "https://www.digicert.com/services/v2/key/184");
            Assert.Equal(184, key.Id);
        }

        [Fact]
        public async Task Get_organization_validations_gets_the_organization_path()
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("getOrganizationValidations.seed.json"));

            var list = await ClientFactory.Create(handler).GetOrganizationValidationsAsync(112233);

            RequestAssert.CertCentralGet(handler.Single, "https://www.digicert.com/services/v2/organization/112233/validation");
            Assert.Equal(2, list.Validations.Count);
        }

        [Fact]
        public async Task Every_request_carries_the_key_once_even_when_the_transport_is_shared()
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, Repo.Recording("getKeyInfo.apiKey.json"));
            var first = new CertCentralClient(handler, new CertCentralClientOptions { ApiKey = "KEYONE" });
            var second = new CertCentralClient(handler, new CertCentralClientOptions { ApiKey = "KEYTWO" });

            await first.GetKeyInfoAsync(1);
            await second.GetKeyInfoAsync(2);
            await first.GetKeyInfoAsync(3);

            Assert.Equal(new[] { "KEYONE", "KEYTWO", "KEYONE" }, handler.Requests.Select(r => r.Headers.GetValues("X-DC-DEVKEY").Single()));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-1)]
        [InlineData(int.MinValue)]
        public async Task Non_positive_ids_fail_before_any_request(int id)
        {
            var handler = new RecordingHandler(HttpStatusCode.OK, "{}");
            var client = ClientFactory.Create(handler);

            var orderError = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ListDuplicateCertificatesAsync(id));
            var keyError = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetKeyInfoAsync(id));
            var organizationError = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetOrganizationValidationsAsync(id));

            Assert.Equal("orderId", orderError.ParamName);
            Assert.Equal("keyId", keyError.ParamName);
            Assert.Equal("organizationId", organizationError.ParamName);
            Assert.Empty(handler.Requests);
        }

        [Fact]
        public void Null_arguments_are_refused()
        {
            Assert.Throws<ArgumentNullException>(() => new CertCentralClient(null!));
            Assert.Throws<ArgumentNullException>(() => new CertCentralClient(null!, new CertCentralClientOptions { ApiKey = "K" }));
            Assert.Throws<ArgumentNullException>(() => new CertCentralClient(new HttpClientHandler(), null!));
        }

        [Fact]
        public async Task A_call_on_a_disposed_client_names_the_client()
        {
            var client = ClientFactory.Create(new RecordingHandler(HttpStatusCode.OK, Repo.Recording("getKeyInfo.apiKey.json")));
            client.Dispose();

            foreach (var call in new Func<Task>[] { () => client.GetKeyInfoAsync(1), () => client.ListDuplicateCertificatesAsync(1), () => client.GetOrganizationValidationsWithResponseAsync(1) })
            {
                var error = await Assert.ThrowsAsync<ObjectDisposedException>(call);
                Assert.Equal(nameof(CertCentralClient), error.ObjectName);
            }
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task A_call_held_in_a_call_policy_while_the_client_is_disposed_ends_with_ObjectDisposedException(bool ownPacer)
        {
            // A bulkhead (as in the docs) holds a call; the app shuts down and disposes the client; the call then proceeds.
            var gate = new GatePolicy();
            var client = ClientFactory.Create(new RecordingHandler(HttpStatusCode.OK, Repo.Recording("getKeyInfo.apiKey.json")), o =>
            {
                if (ownPacer) o.RateLimits.Add(new RequestRateLimit(10, TimeSpan.FromSeconds(1)));
                o.CallPolicies.Add(gate);
            });

            var call = client.GetKeyInfoAsync(1);
            await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
            client.Dispose();
            gate.Open.SetResult();

            var error = await Assert.ThrowsAsync<ObjectDisposedException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(nameof(CertCentralClient), error.ObjectName);
        }

        private sealed class GatePolicy : CertCentralCallPolicy
        {
            public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public override async Task<CertCentralResponse<T>> SendAsync<T>(CertCentralCall call, Func<Task<CertCentralResponse<T>>> proceed)
            {
                Entered.TrySetResult();
                await Open.Task;
                return await proceed();
            }
        }

        [Fact]
        public async Task Cancellation_is_reported_as_cancellation()
        {
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            var client = ClientFactory.Create(new RecordingHandler(HttpStatusCode.OK, Repo.Recording("getKeyInfo.apiKey.json")));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetKeyInfoAsync(1, cancelled.Token));
        }

        /// <summary>Tests of this suite that run in the timing collection (alone).</summary>
        [Collection(TimingCollection.Name)]
        public class RunAlone
        {
            [Fact]
            public async Task Each_request_names_the_package_in_its_user_agent()
            {
                await using var server = await LoopbackServer.StartAsync((c, _) => LoopbackServer.Json(c, 200, Repo.Recording("getKeyInfo.apiKey.json")));
                using var client = new CertCentralClient(new CertCentralClientOptions { ApiKey = "USERAGENT" + Guid.NewGuid().ToString("N"), BaseUri = server.BaseUri });

                await client.GetKeyInfoAsync(184);

                // The package's version (not the description's): the informational version without build metadata.
                var version = System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(CertCentralClient).Assembly)!.InformationalVersion.Split('+')[0];
                var packageVersion = System.Text.RegularExpressions.Regex.Match(System.IO.File.ReadAllText(System.IO.Path.Combine(Repo.Root, "src", "Directory.Build.props")), "<VersionPrefix>([^<]+)</VersionPrefix>").Groups[1].Value;
                Assert.Equal(packageVersion, version);
                Assert.Equal($"DigiCert.CertCentral/{version}", Assert.Single(server.RequestHeaders)["User-Agent"]);
            }
        }
    }
}
