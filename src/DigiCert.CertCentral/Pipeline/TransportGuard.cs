using System;
using System.Net.Http;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// Turns off the transport's own redirect following, which would carry the API key to
    /// wherever a server points (HttpClient strips only <c>Authorization</c>). It walks a handler
    /// chain to its primary handler; a transport that already started with redirects on cannot be
    /// changed and is refused.
    /// </summary>
    internal static class TransportGuard
    {
        public static void DisableAutoRedirect(HttpMessageHandler transport)
        {
            var handler = transport;
            while (handler is DelegatingHandler delegating && delegating.InnerHandler != null) handler = delegating.InnerHandler;

            try
            {
                switch (handler)
                {
#if NET8_0_OR_GREATER
                    case SocketsHttpHandler sockets when sockets.AllowAutoRedirect:
                        sockets.AllowAutoRedirect = false;
                        break;
#endif
                    case HttpClientHandler client when client.AllowAutoRedirect:
                        client.AllowAutoRedirect = false;
                        break;
                }
            }
            catch (InvalidOperationException e)
            {
                throw new ArgumentException("The transport follows redirects itself and has already been used, so the client cannot turn that off; redirects would carry the API key to other hosts. Pass a new handler, or one with AllowAutoRedirect = false.", nameof(transport), e);
            }
        }
    }
}
