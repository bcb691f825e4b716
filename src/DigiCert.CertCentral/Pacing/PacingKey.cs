using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DigiCert.CertCentral.Pacing
{
    /// <summary>
    /// Which API key a request carries, as pacers see it: an identifier derived from the key, never
    /// the key itself, so a pacer can remember a key's windows (in memory or in a shared store)
    /// without holding the secret.
    /// </summary>
    public sealed class PacingKey : IEquatable<PacingKey>
    {
        // In-process identity: a 128-bit FNV-1a hash of the key, computed without cryptography
        // (loading it costs a new process milliseconds); the Id below is for shared stores.
        private readonly ulong _low;
        private readonly ulong _high;
        private string? _key; // kept only until Id is derived
        private string? _id;

        /// <summary>Derives the pacing identity of an API key (the client does this for every key it sends).</summary>
        /// <param name="apiKey">The API key; it is kept only until <see cref="Id"/> is first read.</param>
        /// <exception cref="ArgumentException"><paramref name="apiKey"/> is null or empty.</exception>
        public PacingKey(string apiKey)
        {
            if (string.IsNullOrEmpty(apiKey)) throw new ArgumentException("An API key is required.", nameof(apiKey));
            var key = apiKey;
            _key = key;
            _low = Fnv1a(key, 14695981039346656037UL);
            _high = Fnv1a(key, 0x6c62272e07bb0142UL);
        }

        /// <summary>
        /// A stable identifier of the key for stores shared across processes and machines: the
        /// first 128 bits of SHA-256 over a fixed prefix and the key, in lowercase hex. The same key
        /// gives the same identifier everywhere; the key cannot be recovered from it.
        /// </summary>
        public string Id
        {
            get
            {
                if (_id != null) return _id;
                lock (this)
                {
                    if (_id != null) return _id;
                    using var sha = SHA256.Create();
                    var hash = sha.ComputeHash(Encoding.UTF8.GetBytes("DigiCert.CertCentral pacing key\n" + _key));
                    var text = new StringBuilder(32);
                    for (var i = 0; i < 16; i++) text.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
                    _id = text.ToString();
                    _key = null;
                    return _id;
                }
            }
        }

        /// <summary>The in-process identity of the key: what <see cref="LocalRequestPacer"/> remembers, never the key.</summary>
        internal (ulong Low, ulong High) Identity => (_low, _high);

        /// <inheritdoc/>
        public bool Equals(PacingKey? other) => other is not null && other._low == _low && other._high == _high;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => Equals(obj as PacingKey);

        /// <inheritdoc/>
        public override int GetHashCode() => unchecked((int)_low ^ (int)(_low >> 32));

        /// <summary>A short, non-secret label for logs (never the key).</summary>
        public override string ToString() => "PacingKey " + _low.ToString("x16", CultureInfo.InvariantCulture).Substring(0, 8);

        private static ulong Fnv1a(string text, ulong offset)
        {
            var hash = offset;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 1099511628211UL;
                hash = (hash ^ (ulong)(c >> 8)) * 1099511628211UL;
            }

            return hash;
        }
    }
}
