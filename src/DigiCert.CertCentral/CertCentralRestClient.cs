namespace DigiCert.CertCentral
{
    // The NSwag-generated REST client (CertCentral.g.cs in obj/, from Client.Class.liquid) builds
    // each request and reads each answer; everything between the two is the transport pipeline
    // (Pipeline/CertCentralPipeline.cs). Public callers use CertCentralClient.
    internal partial class CertCentralRestClient
    {
    }
}
