using System;
using System.Threading;
using DigiCert.CertCentral.Pacing;
using DigiCert.CertCentral.Pipeline;

namespace DigiCert.CertCentral
{
    /// <summary>
    /// A CertCentral API key that can be replaced while clients use it (key rotation): the next
    /// attempt of every call sends the new key, attempts in flight finish with the one they
    /// started with, and pacing follows the key each request carries. Every key the credential has
    /// held stays redacted from what the client shows. Give the same instance to several clients
    /// to rotate them together.
    /// </summary>
    public sealed class CertCentralKeyCredential
    {
        private Current _current;

        /// <summary>Creates a credential.</summary>
        /// <param name="apiKey">The API key.</param>
        /// <exception cref="ArgumentException">The key is empty or has whitespace, control or non-ASCII characters.</exception>
        public CertCentralKeyCredential(string apiKey)
        {
            Check(apiKey, nameof(apiKey));
            _current = new Current(apiKey);
            Redactor = new Redactor(apiKey);
        }

        /// <summary>Replaces the key; calls in progress send it from their next attempt.</summary>
        /// <param name="apiKey">The new API key.</param>
        /// <exception cref="ArgumentException">The key is empty or has whitespace, control or non-ASCII characters.</exception>
        public void Update(string apiKey)
        {
            Check(apiKey, nameof(apiKey));
            Redactor.Add(apiKey); // before any request can carry it, so no echo of it is ever shown
            Volatile.Write(ref _current, new Current(apiKey));
        }

        /// <summary>Shows no key.</summary>
        /// <returns><c>CertCentralKeyCredential</c>.</returns>
        public override string ToString() => nameof(CertCentralKeyCredential);

        /// <summary>The key to send now, with its pacing identity.</summary>
        internal Current Key => Volatile.Read(ref _current);

        /// <summary>Cleans every key this credential has held from server text.</summary>
        internal Redactor Redactor { get; }

        internal static void Check(string? apiKey, string name)
        {
            if (string.IsNullOrWhiteSpace(apiKey)) throw new ArgumentException("A CertCentral API key is required.", name);
            foreach (var c in apiKey!)
            {
                // Header values cannot carry control characters or spaces; refusing them also stops
                // header injection. The message does not repeat the key.
                if (c <= ' ' || c >= '\u007f') throw new ArgumentException("The CertCentral API key contains whitespace, control or non-ASCII characters; check how it was copied.", name);
            }
        }

        /// <summary>One key, as an attempt uses it: the header value and the pacing identity.</summary>
        internal sealed class Current
        {
            public Current(string value)
            {
                Value = value;
                Pacing = new PacingKey(value);
            }

            public string Value { get; }

            public PacingKey Pacing { get; }
        }
    }
}
