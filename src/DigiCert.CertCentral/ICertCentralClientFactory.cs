namespace DigiCert.CertCentral
{
    /// <summary>The named CertCentral clients registered with <c>AddCertCentralClient</c>.</summary>
    public interface ICertCentralClientFactory
    {
        /// <summary>The client registered under <paramref name="name"/>, created on first use and shared.</summary>
        /// <param name="name">The name given to <c>AddCertCentralClient</c>.</param>
        /// <returns>The client.</returns>
        /// <exception cref="System.InvalidOperationException">No client of that name is registered.</exception>
        /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">Its options are invalid.</exception>
        CertCentralClient GetClient(string name);
    }
}
