namespace DigiCert.CertCentral.Tests.Api
{
    /// <summary>The net8.0 asset's public API is the committed listing (the netstandard2.0 one is checked by its own test project).</summary>
    public class PublicApiTests
    {
        [Fact]
        public void The_net8_0_public_api_is_the_committed_listing()
        {
            var difference = PublicApiListing.Difference(typeof(CertCentralClient).Assembly, "net8.0");
            Assert.True(difference is null, difference);
        }

        [Fact]
        public void The_listing_shows_signatures_with_nullability()
        {
            var listing = PublicApi.Describe(typeof(CertCentralClient).Assembly);

            Assert.Contains("public virtual System.Threading.Tasks.Task<DigiCert.CertCentral.KeyInfo> GetKeyInfoAsync(long keyId, System.Threading.CancellationToken cancellationToken = default);", listing);
            Assert.Contains("public string? ApiKey { get; set; }", listing);
            Assert.Contains("public readonly partial struct CertificateStatus : System.IEquatable<DigiCert.CertCentral.CertificateStatus>", listing);
            Assert.DoesNotContain("CertCentralPipeline", listing); // internal stays out
        }
    }
}
