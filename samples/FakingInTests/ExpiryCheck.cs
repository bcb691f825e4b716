// FakingInTests: how to test your own code that calls CertCentral, without a server. ExpiryCheck is the
// "user code"; ExpiryCheckTests fakes the client by deriving from CertCentralClient. Run: dotnet test samples/FakingInTests
using DigiCert.CertCentral;

namespace FakingInTests;

#region snippet:user-code
/// <summary>Your code: which issued certificates of an order expire within a number of days.</summary>
public sealed class ExpiryCheck(CertCentralClient certCentral)
{
    public async Task<IReadOnlyList<string>> ExpiringAsync(long orderId, DateTime today, int withinDays, CancellationToken cancellationToken = default)
    {
        try
        {
            var duplicates = await certCentral.ListDuplicateCertificatesAsync(orderId, cancellationToken: cancellationToken);
            return duplicates.Certificates
                .Where(c => c.Status == CertificateStatus.Issued && c.ValidTill <= today.AddDays(withinDays))
                .Select(c => c.CommonName)
                .ToList();
        }
        catch (CertCentralException e) when (e.Errors.Any(error => error.BaseCode == "not_found"))
        {
            return []; // an order that no longer exists has nothing left to renew
        }
    }
}
#endregion
