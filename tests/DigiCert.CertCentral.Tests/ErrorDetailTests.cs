using System.Net;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;

namespace DigiCert.CertCentral.Tests
{
    /// <summary>DigiCert's error codes, split into their base code and subject.</summary>
    public class ErrorDetailTests
    {
        [Theory]
        [InlineData("not_found|order", "not_found", "order")]
        [InlineData("access_denied|missing_permission", "access_denied", "missing_permission")]
        [InlineData("required_param:order_id", "required_param", "order_id")]
        [InlineData("request_limit_exceeded", "request_limit_exceeded", null)]
        public void Error_codes_split_into_base_code_and_subject(string code, string baseCode, string? subject)
        {
            var error = new ErrorDetail(code, "m");

            Assert.Equal(baseCode, error.BaseCode);
            Assert.Equal(subject, error.Subject);
        }

        [Fact]
        public async Task A_suffixed_code_exposes_its_base_code_and_subject()
        {
            var client = ClientFactory.Create(new RecordingHandler(HttpStatusCode.NotFound, Repo.Recording("listDuplicateCertificates.notFound.json")));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.ListDuplicateCertificatesAsync(1));

            Assert.Equal("not_found", error.Errors[0].BaseCode);
            Assert.Equal("order", error.Errors[0].Subject);
        }
    }
}
