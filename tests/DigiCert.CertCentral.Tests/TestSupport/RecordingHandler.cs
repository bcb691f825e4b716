using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Tests.TestSupport
{
    /// <summary>Answers every request with one canned response and records what was sent.</summary>
    internal sealed class RecordingHandler : HttpMessageHandler
    {
        private readonly Func<HttpRequestMessage, HttpResponseMessage> _respond;

        public RecordingHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) => _respond = respond;

        public RecordingHandler(HttpStatusCode status, string body, string mediaType = "application/json")
            : this(_ => new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) })
        {
        }

        public List<HttpRequestMessage> Requests { get; } = new List<HttpRequestMessage>();

        public HttpRequestMessage Single => Assert.Single(Requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(_respond(request));
        }
    }
}
