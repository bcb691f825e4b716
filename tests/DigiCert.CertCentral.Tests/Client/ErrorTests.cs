using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;

namespace DigiCert.CertCentral.Tests.Client
{
    /// <summary>Every failure ends in <see cref="CertCentralException"/> with what the caller needs.</summary>
    public class ErrorTests
    {

        [Theory]
        [InlineData("{not json")]
        [InlineData("null")]
        [InlineData("[]")]
        [InlineData("{\"id\": \"x\"}")]
        public async Task A_success_status_with_an_unreadable_body_gives_the_exception(string body)
        {
            var client = ClientFactory.Create(new RecordingHandler(HttpStatusCode.OK, body));

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(1));

            Assert.Equal(200, error.Status);
            Assert.Contains("HTTP 200", error.Message);
        }

    }
}
