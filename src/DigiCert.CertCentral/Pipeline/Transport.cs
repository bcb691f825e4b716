using System;
using System.Net;
using System.Net.Http;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>The handler that talks to the wire: the client's own, or the caller's with its redirect following turned off.</summary>
    internal static class Transport
    {
        /// <summary>Pooled, bounded, recycled connections (DNS changes); gzip, deflate and Brotli; no redirects.</summary>
        public static HttpMessageHandler Create(int maxConnections)
        {
#if NET8_0_OR_GREATER
            return new SocketsHttpHandler
            {
                MaxConnectionsPerServer = maxConnections,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
            };
#else
            return new HttpClientHandler
            {
                MaxConnectionsPerServer = maxConnections,
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            };
#endif
        }

        /// <summary>
        /// Turns off the transport's own redirect following, which would carry the API key wherever a
        /// server points (HttpClient strips only <c>Authorization</c>). It walks a handler chain to
        /// its primary handler; one that already started with redirects on is refused.
        /// </summary>
        public static void DisableAutoRedirect(HttpMessageHandler transport)
        {
            var handler = transport;
            while (handler is DelegatingHandler delegating && delegating.InnerHandler != null) handler = delegating.InnerHandler;

            // By the property every redirecting handler of .NET has, so that a SocketsHttpHandler (a
            // type the netstandard2.0 build cannot name) or a WinHttpHandler is turned off too.
            var property = handler.GetType().GetProperty("AllowAutoRedirect", typeof(bool));
            if (property is null || !property.CanWrite || !(bool)property.GetValue(handler)!) return;
            try
            {
                property.SetValue(handler, false);
            }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException is InvalidOperationException)
            {
                throw new ArgumentException("The transport follows redirects itself and has already been used, so the client cannot turn that off; redirects would carry the API key to other hosts. Pass a new handler, or one with AllowAutoRedirect = false.", nameof(transport), e.InnerException);
            }
        }
    }
}
