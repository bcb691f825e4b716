using System;
using System.Collections.Generic;
using System.Linq;

namespace DigiCert.CertCentral.Redis
{
    /// <summary>Settings of a <see cref="RedisRequestPacer"/>.</summary>
    public sealed class RedisRequestPacerOptions
    {
        /// <summary>The key prefix of protocol 1 (the prefix names the protocol's version: a later, incompatible one gets another).</summary>
        public const string DefaultKeyPrefix = "certcentral:pacing:v1:";

        /// <summary>
        /// The limits every API key is kept within, across every process that shares the Redis.
        /// Default: CertCentral's 100 per 5 seconds and 1000 per 3 minutes; the first limit added (in
        /// code or by configuration binding) replaces them. Give every participant of a key the same
        /// limits. Windows are counted in whole milliseconds (rounded up).
        /// </summary>
        public IList<RequestRateLimit> Limits { get; } = new RequestRateLimits();

        /// <summary>
        /// Prepended to every Redis key and channel of the pacer; participants that share a budget
        /// must use the same prefix. Must not contain braces (the pacer adds a hash tag so that a
        /// Redis Cluster keeps one API key's keys in one slot). Default <see cref="DefaultKeyPrefix"/>.
        /// </summary>
        public string KeyPrefix { get; set; } = DefaultKeyPrefix;

        /// <summary>
        /// How long a permit stays taken when its holder stops renewing it (a process that died or
        /// lost Redis mid-exchange): it then counts as a request that finished when its lease ran out.
        /// A live holder renews its leases every third of this. Also how long a waiter keeps its place
        /// in the queue without asking again. Default 10 seconds; from 100 ms to 1 hour.
        /// </summary>
        public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// The longest the pacer waits for one answer from Redis; past it the call fails with a
        /// <see cref="RedisPacingException"/>, unsent. Default 5 seconds; from 10 ms to 5 minutes.
        /// </summary>
        public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>The Redis database number; -1 (the default) is the connection's default database.</summary>
        public int Database { get; set; } = -1;

        /// <summary>Checks the options.</summary>
        /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
        internal void Validate()
        {
            if (Limits.Count == 0) throw new ArgumentException("At least one limit is required.", nameof(Limits));
            if (Limits.Any(l => l is null)) throw new ArgumentException("Limits contains null.", nameof(Limits));
            if (Limits.Any(l => l.Permits <= 0)) throw new ArgumentOutOfRangeException(nameof(Limits), "A limit's number of requests (Permits) must be positive.");
            if (Limits.Any(l => l.Window <= TimeSpan.Zero || l.Window > TimeSpan.FromDays(1))) throw new ArgumentOutOfRangeException(nameof(Limits), "A limit's window must be positive and at most a day.");
            if (KeyPrefix is null) throw new ArgumentNullException(nameof(KeyPrefix), "KeyPrefix must not be null (it may be empty).");
            if (KeyPrefix.Contains('{', StringComparison.Ordinal) || KeyPrefix.Contains('}', StringComparison.Ordinal)) throw new ArgumentException("KeyPrefix must not contain braces: the pacer adds the hash tag.", nameof(KeyPrefix));
            if (KeyPrefix.Length > 200) throw new ArgumentException("KeyPrefix must be at most 200 characters.", nameof(KeyPrefix));
            if (LeaseDuration < TimeSpan.FromMilliseconds(100) || LeaseDuration > TimeSpan.FromHours(1))
            {
                throw new ArgumentOutOfRangeException(nameof(LeaseDuration), FormattableString.Invariant($"LeaseDuration must be from 100 ms to 1 hour; it was {LeaseDuration}."));
            }

            if (RedisTimeout < TimeSpan.FromMilliseconds(10) || RedisTimeout > TimeSpan.FromMinutes(5))
            {
                throw new ArgumentOutOfRangeException(nameof(RedisTimeout), FormattableString.Invariant($"RedisTimeout must be from 10 ms to 5 minutes; it was {RedisTimeout}."));
            }

            if (Database < -1) throw new ArgumentOutOfRangeException(nameof(Database), FormattableString.Invariant($"Database must be -1 (the default) or a database number; it was {Database}."));
        }
    }
}
