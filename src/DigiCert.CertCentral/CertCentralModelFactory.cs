namespace DigiCert.CertCentral
{
    /// <summary>
    /// Builds the models the client returns, for tests and fakes of <see cref="ICertCentralClient"/>
    /// (like Azure SDK's model factories): one method per model, each value a named optional
    /// argument. Generated with the models (Class.liquid), so it always matches the description.
    /// </summary>
    public static partial class CertCentralModelFactory
    {
    }
}
