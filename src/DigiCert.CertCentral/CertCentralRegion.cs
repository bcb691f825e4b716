namespace DigiCert.CertCentral
{
    /// <summary>The CertCentral instance to call; each has its own base URL.</summary>
    public enum CertCentralRegion
    {
        /// <summary>United States: <c>https://www.digicert.com/services/v2</c> (the default).</summary>
        UnitedStates = 0,

        /// <summary>Europe: <c>https://certcentral.digicert.eu/services/v2</c>.</summary>
        Europe = 1,
    }
}
