namespace DigiCert.CertCentral
{
    public partial class KeyInfo
    {
        /// <summary>
        /// Whether this is an ACME URL rather than an API key. The server sends no type field;
        /// only ACME URLs carry <see cref="AcmeDirectoryUrl"/>.
        /// </summary>
        public bool IsAcmeUrl => AcmeDirectoryUrl != null;
    }
}
