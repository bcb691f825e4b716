using System;
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>
    /// A body that could not be read as the expected model: why, where (the JSON path, line and
    /// position) and, once the caller attaches it, a bounded excerpt of the body. The generated
    /// client wraps it in <see cref="CertCentralException"/>, whatever the status.
    /// </summary>
    internal sealed class UnreadableBodyException : JsonSerializationException
    {
        /// <summary>The longest excerpt kept for <see cref="CertCentralException.ResponseBody"/>.</summary>
        public const int MaxBodyExcerpt = 4 * 1024;

        private const int MessageRadius = 100;

        private UnreadableBodyException(string message, string reason, string path, int line, int position, string? bodyExcerpt, Exception? inner)
            : base(message, path, line, position, inner)
        {
            Reason = reason;
            BodyExcerpt = bodyExcerpt;
        }

        /// <summary>Why the body could not be read, with its JSON path.</summary>
        public string Reason { get; }

        /// <summary>The start of the body (at most <see cref="MaxBodyExcerpt"/> characters), when known.</summary>
        public string? BodyExcerpt { get; }

        /// <summary>A failure at the reader's position.</summary>
        public static UnreadableBodyException At(string reason, string path, int line, int position, Exception? inner)
        {
            // Say where, unless the reason already does (Newtonsoft's own messages end with the
            // path) or nothing had been read (an empty body, an undecodable start).
            var named = path.Length > 0 && (reason.Contains("Path '" + path + "'") || reason.Contains("at '" + path + "'"));
            if (!named && (path.Length > 0 || line > 0)) reason = reason.TrimEnd('.') + (path.Length == 0 ? " (at the top level)." : $" (at '{path}').");
            return new UnreadableBodyException(reason, reason, path, line, position, null, inner);
        }

        /// <summary>
        /// The same failure with the body's text attached: its start, and an excerpt near the
        /// problem in the message. <paramref name="clean"/> (the key's redaction) is applied to
        /// the reason, and to a quoted value before it is shortened; the body text is already clean.
        /// The cause is dropped: its message may quote the server's text uncleaned.
        /// </summary>
        public UnreadableBodyException WithBody(string bodyText, Func<string, string>? clean = null)
        {
            clean ??= text => text;
            var reason = InnerException is WireValueException value ? value.Describe(clean) : clean(Reason);
            var excerpt = bodyText.Length > MaxBodyExcerpt ? bodyText.Substring(0, MaxBodyExcerpt) + "..." : bodyText;
            var near = Excerpt.Around(bodyText, LineNumber, LinePosition, MessageRadius);
            var message = reason + (bodyText.Length == 0 ? (reason.StartsWith("The body is empty", StringComparison.Ordinal) ? string.Empty : " The body is empty.") : $" Body: \"{near}\"");
            return new UnreadableBodyException(message, reason, Path ?? string.Empty, LineNumber, LinePosition, excerpt, null);
        }
    }
}
