using System;
using System.Threading;
using System.Threading.Tasks;

namespace DigiCert.CertCentral
{
    /// <summary>
    /// Code of yours that runs once around every call of a client (<see cref="CertCentralClientOptions.CallPolicies"/>),
    /// outside its pacing, retries and timeouts: a circuit breaker, a cache, a bulkhead, your own
    /// measurements. It sees the operation and the URL, never the API key. For code that runs around
    /// each attempt's HTTP exchange, add a <see cref="System.Net.Http.DelegatingHandler"/> to
    /// <see cref="CertCentralClientOptions.AttemptHandlers"/> instead.
    /// </summary>
    public abstract class CertCentralCallPolicy
    {
        /// <summary>Runs the call: call <paramref name="proceed"/> to make it (or do not, to answer yourself).</summary>
        /// <typeparam name="T">The operation's model.</typeparam>
        /// <param name="context">Which call this is.</param>
        /// <param name="proceed">The rest of the call: the next policy, or the call itself.</param>
        /// <returns>The call's result.</returns>
        public abstract Task<CertCentralResponse<T>> SendAsync<T>(CertCentralCall context, Func<Task<CertCentralResponse<T>>> proceed);
    }

    /// <summary>One call of a client, as a <see cref="CertCentralCallPolicy"/> sees it.</summary>
    public sealed class CertCentralCall
    {
        internal CertCentralCall(string operationId, Uri requestUri, CancellationToken cancellationToken)
        {
            OperationId = operationId;
            RequestUri = requestUri;
            CancellationToken = cancellationToken;
        }

        /// <summary>The description's operationId, such as <c>getKeyInfo</c>.</summary>
        public string OperationId { get; }

        /// <summary>The URL the call requests (it never holds the API key, which travels in a header).</summary>
        public Uri RequestUri { get; }

        /// <summary>The caller's token.</summary>
        public CancellationToken CancellationToken { get; }
    }
}
