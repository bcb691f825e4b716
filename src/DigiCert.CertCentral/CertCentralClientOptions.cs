using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using Microsoft.Extensions.Logging;

namespace DigiCert.CertCentral
{
    /// <summary>Settings of a <see cref="CertCentralClient"/>.</summary>
    public sealed class CertCentralClientOptions
    {
        /// <summary>The base URL of the United States instance.</summary>
        public static readonly Uri UnitedStatesBaseUri = new Uri("https://www.digicert.com/services/v2/");

        /// <summary>The base URL of the European instance.</summary>
        public static readonly Uri EuropeBaseUri = new Uri("https://certcentral.digicert.eu/services/v2/");

        /// <summary>
        /// The CertCentral API key, sent in the <c>X-DC-DEVKEY</c> header. This or
        /// <see cref="Credential"/> is required.
        /// </summary>
        public string? ApiKey { get; set; }

        /// <summary>
        /// The API key as a credential that can be rotated while clients use it
        /// (<see cref="CertCentralKeyCredential.Update"/>); instead of <see cref="ApiKey"/>.
        /// </summary>
        public CertCentralKeyCredential? Credential { get; set; }

        /// <summary>The CertCentral instance to call. Ignored when <see cref="BaseUri"/> is set.</summary>
        public CertCentralRegion Region { get; set; } = CertCentralRegion.UnitedStates;

        /// <summary>
        /// A base URL that replaces the region's, such as a proxy or a mock server, with or without
        /// a trailing slash (<c>https://host/services/v2</c>).
        /// </summary>
        public Uri? BaseUri { get; set; }

        /// <summary>
        /// Retries after the first attempt for what is transient: no response, an attempt that
        /// timed out, HTTP 408, 429, 500, 502, 503 and 504; 0 turns retries off. Default 3.
        /// </summary>
        public int MaxRetries { get; set; } = 3;

        /// <summary>
        /// The first back-off delay; later ones double, with jitter. A server's <c>Retry-After</c>
        /// shorter than this is raised to it. Default 1 second.
        /// </summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>
        /// The longest back-off, and the longest <c>Retry-After</c> the client waits for: a server
        /// asking for more ends the call at once. Default 30 seconds.
        /// </summary>
        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>The longest one attempt may take. Default 100 seconds.</summary>
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>
        /// The longest a call may take, all attempts, back-off and waiting for pacing included;
        /// at least <see cref="AttemptTimeout"/>. Default 5 minutes.
        /// </summary>
        public TimeSpan OverallTimeout { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>
        /// The limits the client paces its own requests to when no <see cref="Pacer"/> is given, so
        /// that a burst of calls waits its turn instead of drawing 429s. Default: CertCentral's 100
        /// per 5 seconds and 1000 per 3 minutes. The first limit added replaces the defaults (so
        /// limits bound from configuration are the limits); <c>Clear()</c> turns pacing off.
        /// </summary>
        public IList<RequestRateLimit> RateLimits { get; } = new RequestRateLimits();

        /// <summary>
        /// A pacer shared with other clients, so that all of them together keep each API key within
        /// its limits: a <see cref="Pacing.LocalRequestPacer"/> for the clients of one process, or
        /// the <c>DigiCert.CertCentral.Redis</c> pacer across processes and machines. The pacer's
        /// own limits apply (<see cref="RateLimits"/> is ignored); the client does not dispose it.
        /// Optional: without one, the client paces alone with <see cref="RateLimits"/>.
        /// </summary>
        public Pacing.RequestPacer? Pacer { get; set; }

        /// <summary>The largest response body the client reads, decompressed; a larger one fails cleanly. Default 32 MiB, at most 1 GiB.</summary>
        public long MaxResponseBytes { get; set; } = 32L * 1024 * 1024;

        /// <summary>
        /// The most connections the client's own transport opens to CertCentral at once; further
        /// concurrent calls queue for one. Ignored when you pass your own transport. Default 32.
        /// </summary>
        public int MaxConnections { get; set; } = 32;

        /// <summary>
        /// Code that runs once around every call, outermost (the first added runs first); it never
        /// sees the API key. See <see cref="CertCentralCallPolicy"/>.
        /// </summary>
        public IList<CertCentralCallPolicy> CallPolicies { get; } = new List<CertCentralCallPolicy>();

        /// <summary>
        /// Handlers that run around each attempt's HTTP exchange (each retry and redirect), above the
        /// step that adds the API key, so they never see it (the first added runs first). Each entry
        /// makes a new handler, since a handler belongs to one client's chain.
        /// </summary>
        public IList<Func<DelegatingHandler>> AttemptHandlers { get; } = new List<Func<DelegatingHandler>>();

        /// <summary>Where the client logs requests, responses and retries (headers redacted). Optional.</summary>
        public ILoggerFactory? LoggerFactory { get; set; }

        /// <summary>Shows neither the API key nor a password in the base URL; never throws.</summary>
        /// <returns>The base URL or region, and whether a key is set.</returns>
        public override string ToString()
        {
            var where = BaseUri != null ? ShownBaseUrl
                : Region == CertCentralRegion.UnitedStates ? UnitedStatesBaseUri.AbsoluteUri
                : Region == CertCentralRegion.Europe ? EuropeBaseUri.AbsoluteUri
                : $"(unknown region {((int)Region).ToString(CultureInfo.InvariantCulture)})";
            var key = Credential != null ? "(credential)" : string.IsNullOrEmpty(ApiKey) ? "(none)" : "(set)";
            return $"CertCentralClientOptions {{ BaseUri = {where}, ApiKey = {key} }}";
        }

        // The base URL fit to show before it is validated: no user-info, query, fragment or key.
        private string ShownBaseUrl => Credential is null
            ? Pipeline.Redactor.BaseUrlToShow(BaseUri!, ApiKey)
            : Credential.Redactor.Scrub(Pipeline.Redactor.BaseUrlToShow(BaseUri!, null));

        /// <summary>The base URL to call, always ending with a slash.</summary>
        internal Uri ResolveBaseUri()
        {
            if (BaseUri is null)
            {
                return Region switch
                {
                    CertCentralRegion.UnitedStates => UnitedStatesBaseUri,
                    CertCentralRegion.Europe => EuropeBaseUri,
                    _ => throw new ArgumentOutOfRangeException(nameof(Region), FormattableString.Invariant($"Unknown CertCentral region {(int)Region}.")),
                };
            }

            // The text as given (escapes kept), without the whitespace the Uri itself ignored: a
            // binder keeps a trailing newline or space in OriginalString, and it must not become "%0A/".
            var text = BaseUri.OriginalString.Trim();
            return text.EndsWith("/", StringComparison.Ordinal) ? BaseUri : new Uri(text + "/", UriKind.Absolute);
        }

        private static void RequireRange(bool ok, string name, string range)
        {
            if (!ok) throw new ArgumentOutOfRangeException(name, $"{name} must be {range}.");
        }

        /// <summary>Checks the options before any request is made.</summary>
        /// <exception cref="ArgumentException">An option is missing or invalid.</exception>
        internal void Validate()
        {
            if (Credential is null)
            {
                if (string.IsNullOrWhiteSpace(ApiKey)) throw new ArgumentException("A CertCentral API key is required: set CertCentralClientOptions.ApiKey (or Credential).", nameof(ApiKey));
                CertCentralKeyCredential.Check(ApiKey, nameof(ApiKey));
            }
            else if (ApiKey != null)
            {
                throw new ArgumentException("Set ApiKey or Credential, not both.", nameof(Credential));
            }

            if (BaseUri != null)
            {
                if (!BaseUri.IsAbsoluteUri || (BaseUri.Scheme != Uri.UriSchemeHttps && BaseUri.Scheme != Uri.UriSchemeHttp))
                {
                    throw new ArgumentException($"The base URL must be an absolute https URL; got '{ShownBaseUrl}'.", nameof(BaseUri));
                }

                if (!string.IsNullOrEmpty(BaseUri.UserInfo))
                {
                    throw new ArgumentException("The base URL must not contain user-info (a user name or password): HttpClient does not send it, and it would show in logs.", nameof(BaseUri));
                }

                // Request paths are appended to the base URL's text: after a query or fragment
                // they would land inside it (".../v2?x=1key/184").
                if (BaseUri.Query.Length > 0 || BaseUri.Fragment.Length > 0)
                {
                    throw new ArgumentException($"The base URL must not have a query string or fragment; got '{ShownBaseUrl}' with one (not shown: it may hold a secret).", nameof(BaseUri));
                }

                // The API key must not travel in clear text; plain http is for local test servers only.
                if (BaseUri.Scheme == Uri.UriSchemeHttp && !BaseUri.IsLoopback)
                {
                    throw new ArgumentException($"The base URL must use https (plain http is accepted only for loopback test servers); got '{ShownBaseUrl}'.", nameof(BaseUri));
                }
            }

            RequireRange(MaxRetries >= 0 && MaxRetries <= 100, nameof(MaxRetries), "from 0 to 100");
            RequireRange(MaxRetryDelay > TimeSpan.Zero && MaxRetryDelay <= TimeSpan.FromDays(1), nameof(MaxRetryDelay), "positive and at most a day");
            RequireRange(RetryBaseDelay > TimeSpan.Zero && RetryBaseDelay <= MaxRetryDelay, nameof(RetryBaseDelay), "positive and at most MaxRetryDelay");
            RequireRange(AttemptTimeout > TimeSpan.Zero && AttemptTimeout <= TimeSpan.FromDays(1), nameof(AttemptTimeout), "positive and at most a day");
            RequireRange(OverallTimeout >= AttemptTimeout && OverallTimeout <= TimeSpan.FromDays(1), nameof(OverallTimeout), "at least AttemptTimeout and at most a day");
            RequireRange(MaxResponseBytes > 0 && MaxResponseBytes <= 1L << 30, nameof(MaxResponseBytes), "positive and at most 1 GiB");
            RequireRange(MaxConnections > 0, nameof(MaxConnections), "positive");
            if (RateLimits.Any(limit => limit is null)) throw new ArgumentException("RateLimits contains null.", nameof(RateLimits));
            if (RateLimits.Select(limit => limit.Problem).FirstOrDefault(problem => problem != null) is { } problem) throw new ArgumentException("RateLimits: " + problem + ".", nameof(RateLimits));
            if (CallPolicies.Any(policy => policy is null)) throw new ArgumentException("CallPolicies contains null.", nameof(CallPolicies));
            if (AttemptHandlers.Any(handler => handler is null)) throw new ArgumentException("AttemptHandlers contains null.", nameof(AttemptHandlers));

            if (BaseUri is null && Region != CertCentralRegion.UnitedStates && Region != CertCentralRegion.Europe)
            {
                throw new ArgumentException($"Unknown CertCentral region {((int)Region).ToString(CultureInfo.InvariantCulture)}.", nameof(Region));
            }
        }
    }
}
