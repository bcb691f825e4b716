using System.Threading;
using System.Threading.Tasks;

namespace DigiCert.CertCentral
{
    /// <summary>
    /// The CertCentral Services API v2 operations this package covers. Implemented by
    /// <see cref="CertCentralClient"/>; fake it in your own tests (<see cref="CertCentralException"/>,
    /// <see cref="CertCentralResponse{T}"/> and the models of <see cref="CertCentralModelFactory"/> are constructible).
    /// Each operation comes twice: the model alone, and <c>...WithResponseAsync</c> with the HTTP
    /// status and response headers.
    /// </summary>
    public interface ICertCentralClient
    {
        /// <summary>Lists the duplicate certificates of an order (<c>GET /order/certificate/{order_id}/duplicate</c>).</summary>
        /// <param name="orderId">The order ID; positive.</param>
        /// <param name="showArchived">Whether to include archived duplicates.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="orderId"/> is not positive.</exception>
        /// <exception cref="CertCentralException">CertCentral answered with an error, or could not be read or reached.</exception>
        Task<DuplicateCertificateList> ListDuplicateCertificatesAsync(long orderId, bool showArchived = false, CancellationToken cancellationToken = default);

        /// <inheritdoc cref="ListDuplicateCertificatesAsync"/>
        Task<CertCentralResponse<DuplicateCertificateList>> ListDuplicateCertificatesWithResponseAsync(long orderId, bool showArchived = false, CancellationToken cancellationToken = default);

        /// <summary>Gets an API key's or ACME URL's details (<c>GET /key/{key_id}</c>); never the key itself.</summary>
        /// <param name="keyId">The key ID; positive.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="keyId"/> is not positive.</exception>
        /// <exception cref="CertCentralException">CertCentral answered with an error, or could not be read or reached.</exception>
        Task<KeyInfo> GetKeyInfoAsync(long keyId, CancellationToken cancellationToken = default);

        /// <inheritdoc cref="GetKeyInfoAsync"/>
        Task<CertCentralResponse<KeyInfo>> GetKeyInfoWithResponseAsync(long keyId, CancellationToken cancellationToken = default);

        /// <summary>Gets an organization's validations (<c>GET /organization/{organization_id}/validation</c>).</summary>
        /// <param name="organizationId">The organization ID; positive.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="organizationId"/> is not positive.</exception>
        /// <exception cref="CertCentralException">CertCentral answered with an error, or could not be read or reached.</exception>
        Task<OrganizationValidationList> GetOrganizationValidationsAsync(long organizationId, CancellationToken cancellationToken = default);

        /// <inheritdoc cref="GetOrganizationValidationsAsync"/>
        Task<CertCentralResponse<OrganizationValidationList>> GetOrganizationValidationsWithResponseAsync(long organizationId, CancellationToken cancellationToken = default);
    }
}
