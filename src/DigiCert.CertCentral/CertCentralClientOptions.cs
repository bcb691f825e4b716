using System;

namespace DigiCert.CertCentral
{
    /// <summary>Settings of a <see cref="CertCentralClient"/>.</summary>
    public sealed class CertCentralClientOptions
    {
        /// <summary>The base URL of the United States instance.</summary>
        public static readonly Uri UnitedStatesBaseUri = new Uri("https://www.digicert.com/services/v2/");

        /// <summary>The base URL of the European instance.</summary>
        public static readonly Uri EuropeBaseUri = new Uri("https://certcentral.digicert.eu/services/v2/");

        /// <summary>The CertCentral API key, sent in the <c>X-DC-DEVKEY</c> header. Required.</summary>
        public string? ApiKey { get; set; }

        /// <summary>The CertCentral instance to call. Ignored when <see cref="BaseUri"/> is set.</summary>
        public CertCentralRegion Region { get; set; } = CertCentralRegion.UnitedStates;

        /// <summary>
        /// A base URL that replaces the region's, such as a proxy or a mock server, with or without
        /// a trailing slash (<c>https://host/services/v2</c>).
        /// </summary>
        public Uri? BaseUri { get; set; }

        /// <summary>Does not show the API key.</summary>
        public override string ToString() => $"CertCentralClientOptions {{ BaseUri = {ResolveBaseUri()}, ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(none)" : "(set)")} }}";

        /// <summary>The base URL to call, always ending with a slash.</summary>
        internal Uri ResolveBaseUri()
        {
            if (BaseUri is null)
            {
                return Region switch
                {
                    CertCentralRegion.UnitedStates => UnitedStatesBaseUri,
                    CertCentralRegion.Europe => EuropeBaseUri,
                    _ => throw new ArgumentOutOfRangeException(nameof(Region), Region, "Unknown CertCentral region."),
                };
            }

            var text = BaseUri.OriginalString;
            return text.EndsWith("/", StringComparison.Ordinal) ? BaseUri : new Uri(text + "/", UriKind.Absolute);
        }

        /// <summary>Checks the options before any request is made.</summary>
        /// <exception cref="ArgumentException">An option is missing or invalid.</exception>
        internal void Validate()
        {
            if (string.IsNullOrWhiteSpace(ApiKey))
            {
                throw new ArgumentException("A CertCentral API key is required: set CertCentralClientOptions.ApiKey.", nameof(ApiKey));
            }

            foreach (var c in ApiKey!)
            {
                // Header values cannot carry control characters or spaces; rejecting them also
                // stops header injection. The message does not repeat the key.
                if (c <= ' ' || c >= '\u007f')
                {
                    throw new ArgumentException("The CertCentral API key contains whitespace, control or non-ASCII characters; check how it was copied.", nameof(ApiKey));
                }
            }

            if (BaseUri != null)
            {
                if (!BaseUri.IsAbsoluteUri || (BaseUri.Scheme != Uri.UriSchemeHttps && BaseUri.Scheme != Uri.UriSchemeHttp))
                {
                    throw new ArgumentException($"The base URL must be an absolute https URL; got '{BaseUri}'.", nameof(BaseUri));
                }

                // The API key must not travel in clear text; plain http is for local test servers only.
                if (BaseUri.Scheme == Uri.UriSchemeHttp && !BaseUri.IsLoopback)
                {
                    throw new ArgumentException($"The base URL must use https (plain http is accepted only for loopback test servers); got '{BaseUri}'.", nameof(BaseUri));
                }
            }

            if (BaseUri is null && Region != CertCentralRegion.UnitedStates && Region != CertCentralRegion.Europe)
            {
                throw new ArgumentException($"Unknown CertCentral region {(int)Region}.", nameof(Region));
            }
        }
    }
}
