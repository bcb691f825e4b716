using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Tests
{
    /// <summary>What a user needs to fake the client in their own tests (README: Faking the client).</summary>
    public class FakingTests
    {
        /// <summary>A fake as a user would write it: canned models from the factory, failures as the client throws them.</summary>
        private sealed class FakeClient : CertCentralClient
        {
            public override Task<DuplicateCertificateList> ListDuplicateCertificatesAsync(long orderId, bool showArchived = false, CancellationToken cancellationToken = default) =>
                Task.FromResult(CertCentralModelFactory.DuplicateCertificateList(new List<DuplicateCertificate>
                {
                    CertCentralModelFactory.DuplicateCertificate(id: 1, commonName: "example.com", status: CertificateStatus.Issued, validTill: new DateTime(2030, 1, 31), archived: true),
                }));

            public override async Task<CertCentralResponse<DuplicateCertificateList>> ListDuplicateCertificatesWithResponseAsync(long orderId, bool showArchived = false, CancellationToken cancellationToken = default) =>
                new CertCentralResponse<DuplicateCertificateList>(await ListDuplicateCertificatesAsync(orderId, showArchived, cancellationToken), 200, new Dictionary<string, IEnumerable<string>> { ["X-Request-Id"] = new[] { "req-1" } });

            public override Task<KeyInfo> GetKeyInfoAsync(long keyId, CancellationToken cancellationToken = default) =>
                throw new CertCentralException(404, "The resource does not exist.", new[] { CertCentralModelFactory.ErrorDetail("not_found|key", "Key not found.") });

            public override Task<OrganizationValidationList> GetOrganizationValidationsAsync(long organizationId, CancellationToken cancellationToken = default) =>
                throw new CertCentralException(429, "Rate limited.", new[] { CertCentralModelFactory.ErrorDetail("request_limit_exceeded", "Request limit exceeded.") }, attempts: 4);
        }

        [Fact]
        public async Task A_fake_returns_factory_models_that_behave_like_read_ones()
        {
            CertCentralClient client = new FakeClient();

            var response = await client.ListDuplicateCertificatesWithResponseAsync(1);
            var certificate = Assert.Single(response.Value.Certificates);

            Assert.Equal("req-1", response.RequestId);
            Assert.Equal(CertificateStatus.Issued, certificate.Status);
            Assert.True(certificate.Archived);
            Assert.Empty(certificate.DnsNames); // lists are never null, as when read
            Assert.Equal("1", (string?)JsonAssert.Parse(DigiCert.CertCentral.Serialization.CertCentralJson.Serialize(certificate))["archived"]); // written in the wire's form
        }

        [Fact]
        public async Task A_fake_fails_exactly_as_the_client_does()
        {
            CertCentralClient client = new FakeClient();

            var notFound = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(184));
            var limited = await Assert.ThrowsAsync<CertCentralException>(() => client.GetOrganizationValidationsAsync(1));

            Assert.Equal(404, notFound.Status);
            Assert.Equal("not_found", notFound.Errors.Single().BaseCode);
            Assert.Equal("key", notFound.Errors.Single().Subject);
            Assert.Contains("not_found|key: Key not found.", notFound.Message);
            Assert.True(limited.IsRateLimited);
            Assert.True(limited.IsTransient);
            Assert.Equal(4, limited.Attempts);
            Assert.Contains("Gave up after 4 attempts, rate limited each time.", limited.Message);
        }

        [Fact]
        public async Task An_operation_the_fake_does_not_override_fails_clearly_instead_of_calling_out()
        {
            using CertCentralClient client = new FakeClient();

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetKeyInfoWithResponseAsync(1));

            Assert.Contains("override", error.Message);
        }

        [Fact]
        public void The_exception_constructor_refuses_what_no_call_could_produce()
        {
            Assert.Throws<ArgumentNullException>(() => new CertCentralException(400, null!));
            Assert.Throws<ArgumentOutOfRangeException>(() => new CertCentralException(-1, "m"));
            Assert.Throws<ArgumentOutOfRangeException>(() => new CertCentralException(42, "m"));
            Assert.Throws<ArgumentOutOfRangeException>(() => new CertCentralException(500, "m", attempts: 0));
            Assert.Equal(0, new CertCentralException(0, "no response").Status);
        }

        [Fact]
        public void The_factory_has_a_method_for_every_model_the_client_returns()
        {
            var models = typeof(CertCentralClient).Assembly.GetExportedTypes().Where(t => t.IsClass && !t.IsAbstract && t.GetProperty("AdditionalProperties") != null).Select(t => t.Name);
            var methods = typeof(CertCentralModelFactory).GetMethods().Select(m => m.Name);

            Assert.Empty(models.Except(methods));
        }
    }
}
