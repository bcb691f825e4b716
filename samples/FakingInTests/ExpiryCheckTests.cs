using DigiCert.CertCentral;

namespace FakingInTests;

#region snippet:fake
/// <summary>
/// A fake derives from CertCentralClient (its protected constructor makes no connection) and overrides
/// only what the code under test calls; any other operation throws InvalidOperationException.
/// </summary>
internal sealed class FakeCertCentral(Func<long, DuplicateCertificateList> duplicates) : CertCentralClient
{
    public List<long> Orders { get; } = [];

    public override Task<DuplicateCertificateList> ListDuplicateCertificatesAsync(long orderId, bool showArchived = false, CancellationToken cancellationToken = default)
    {
        Orders.Add(orderId);
        try
        {
            return Task.FromResult(duplicates(orderId));
        }
        catch (Exception e)
        {
            return Task.FromException<DuplicateCertificateList>(e); // fail as the client does: in the task
        }
    }
}
#endregion

public class ExpiryCheckTests
{
    private static readonly DateTime Today = new(2030, 1, 1);

    #region snippet:fake-success
    [Fact]
    public async Task Lists_the_issued_certificates_that_expire_soon()
    {
        // CertCentralModelFactory builds the models the client returns, as the client would read them.
        var fake = new FakeCertCentral(_ => CertCentralModelFactory.DuplicateCertificateList(
        [
            CertCentralModelFactory.DuplicateCertificate(id: 1, commonName: "soon.example.com", status: CertificateStatus.Issued, validTill: Today.AddDays(10)),
            CertCentralModelFactory.DuplicateCertificate(id: 2, commonName: "later.example.com", status: CertificateStatus.Issued, validTill: Today.AddDays(300)),
            CertCentralModelFactory.DuplicateCertificate(id: 3, commonName: "pending.example.com", status: CertificateStatus.Pending),
            CertCentralModelFactory.DuplicateCertificate(id: 4, commonName: "revoked.example.com", status: "revoked", validTill: Today.AddDays(5)), // a status this version does not know
        ]));

        var expiring = await new ExpiryCheck(fake).ExpiringAsync(12345, Today, withinDays: 30);

        Assert.Equal(["soon.example.com"], expiring);
        Assert.Equal([12345L], fake.Orders);
    }
    #endregion

    #region snippet:fake-failure
    [Fact]
    public async Task An_order_that_no_longer_exists_has_nothing_to_renew()
    {
        // The exception as the client throws it for CertCentral's 404 {"errors":[{"code":"not_found|order",...}]}.
        var fake = new FakeCertCentral(_ => throw new CertCentralException(404, "The order does not exist.",
            [CertCentralModelFactory.ErrorDetail("not_found|order", "Order not found.")]));

        Assert.Empty(await new ExpiryCheck(fake).ExpiringAsync(404, Today, withinDays: 30));
    }
    #endregion

    [Fact]
    public async Task Other_failures_reach_the_caller_as_the_client_reports_them()
    {
        // A 429 that outlasted the client's own retries: transient, rate limited, four attempts.
        var fake = new FakeCertCentral(_ => throw new CertCentralException(429, "Too many requests.",
            [CertCentralModelFactory.ErrorDetail("request_limit_exceeded", "Request limit exceeded.")], attempts: 4));

        var failure = await Assert.ThrowsAsync<CertCentralException>(() => new ExpiryCheck(fake).ExpiringAsync(1, Today, withinDays: 30));

        Assert.True(failure.IsRateLimited);
        Assert.True(failure.IsTransient);
        Assert.Equal(4, failure.Attempts);
    }

    [Fact]
    public async Task An_operation_the_fake_does_not_override_fails_instead_of_calling_CertCentral()
    {
        CertCentralClient fake = new FakeCertCentral(_ => CertCentralModelFactory.DuplicateCertificateList());

        await Assert.ThrowsAsync<InvalidOperationException>(() => fake.GetKeyInfoAsync(184));
    }
}
