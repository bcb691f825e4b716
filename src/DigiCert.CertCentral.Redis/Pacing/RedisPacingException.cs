using System;

namespace DigiCert.CertCentral.Redis
{
    /// <summary>
    /// The <see cref="RedisRequestPacer"/> could not take or give back a permit: Redis was
    /// unreachable, did not answer within <see cref="RedisRequestPacerOptions.RedisTimeout"/>, or
    /// refused the pacing script. The request it was for was not sent (the client reports it as a
    /// <see cref="CertCentralException"/> with this as its inner exception).
    /// </summary>
    public sealed class RedisPacingException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public RedisPacingException()
            : base("The Redis pacer failed.")
        {
        }

        /// <summary>Creates the exception with a message.</summary>
        /// <param name="message">What failed.</param>
        public RedisPacingException(string message)
            : base(message)
        {
        }

        /// <summary>Creates the exception with a message and its cause.</summary>
        /// <param name="message">What failed.</param>
        /// <param name="innerException">The Redis client's exception.</param>
        public RedisPacingException(string message, Exception? innerException)
            : base(message, innerException)
        {
        }
    }
}
