using System;
using System.Collections.Generic;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// One attempt's exchange with the server: sends the request (the API key is added by
    /// <see cref="ApiKeyHandler"/> at the end of the handler chain), follows redirects only within
    /// the base URL's origin, and reads the whole body, bounded by <c>MaxResponseBytes</c>, within
    /// the attempt's deadline. This is the boundary where server text enters the client: the
    /// headers are copied and cleaned of the key here, and network faults become
    /// <see cref="CertCentralException"/> with cleaned messages.
    /// </summary>
    internal sealed class Exchange
    {
        private const int MaxRedirects = 5;
        private readonly ApiKeyHandler _keyHandler;
        private readonly bool _boundCallersCode;
        private readonly Uri _origin;
        private readonly long _maxBytes;
        private readonly Redactor _redactor;

        public Exchange(ApiKeyHandler keyHandler, Uri origin, long maxBytes, Redactor redactor, bool boundCallersCode)
        {
            _boundCallersCode = boundCallersCode;
            _keyHandler = keyHandler;
            _origin = origin;
            _maxBytes = maxBytes;
            _redactor = redactor;
        }

        /// <summary>Whether a URL is within the base URL's origin (scheme, host and port): the only place the key may go.</summary>
        public static bool SameOrigin(Uri? uri, Uri origin) =>
            uri != null && uri.IsAbsoluteUri
            && string.Equals(uri.Scheme, origin.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.IdnHost, origin.IdnHost, StringComparison.OrdinalIgnoreCase)
            && uri.Port == origin.Port;

        /// <summary>The answer to <paramref name="uri"/>, read to its end; the caller disposes it when the attempt is over.</summary>
        public async Task<ServerAnswer> SendAsync(HttpMethod method, Uri uri, CertCentralKeyCredential.Current key, CancellationToken cancellationToken)
        {
            var target = uri;
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(method, target);
                request.Headers.TryAddWithoutValidation("Accept", "application/json");
                HttpResponseMessage response;
                try
                {
                    var sending = _keyHandler.SendAsync(request, key, cancellationToken);
                    response = await Bound(sending, static late => late?.Dispose(), cancellationToken).ConfigureAwait(false)
                        ?? throw CertCentralException.Broken("the transport or an attempt handler returned no response");
                }
                catch (Exception e) when (cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
                {
                    throw new OperationCanceledException("The request was cancelled or timed out.", CertCentralException.Cleaned(e, _redactor), cancellationToken);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && (e is HttpRequestException || e is IOException))
                {
                    throw CertCentralException.NoResponse("the request failed before a response arrived", e, _redactor);
                }

                var answered = false;
                try
                {
                    var status = (int)response.StatusCode;
                    // A transport the client cannot configure may follow a redirect itself, with the key;
                    // the least the client can do is not pass that answer off as the origin's.
                    var answeredBy = response.RequestMessage?.RequestUri ?? target;
                    if (!SameOrigin(answeredBy, _origin))
                    {
                        throw CertCentralException.Redirected(status, $"the request was answered from {_redactor.Url(answeredBy)}, not the base URL's origin: the transport followed a redirect by itself, or a handler sent the request there, with the API key. Use a transport that does not follow redirects (AllowAutoRedirect = false)");
                    }

                    if (status is 301 or 302 or 303 or 307 or 308)
                    {
                        target = RedirectTarget(response, target, status, redirects);
                        continue;
                    }

                    // Every byte is read inside the attempt, so its deadline bounds the body too; a body cut short is no response.
                    var content = response.Content;
                    if (content.Headers.ContentLength > _maxBytes) throw CertCentralException.TooLarge(status, _maxBytes);
                    var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(content.Headers.ContentLength ?? 16 * 1024, 1), _maxBytes + 1));
                    var length = 0;
                    try
                    {
                        // Disposing the response aborts a read that a transport does not cancel itself.
                        using (cancellationToken.Register(static state => ((HttpResponseMessage)state!).Dispose(), response))
                        {
#if NET8_0_OR_GREATER
                            var opening = content.ReadAsStreamAsync(cancellationToken);
#else
                            var opening = content.ReadAsStreamAsync();
#endif
                            // A caller's transport may hand over a body that never opens, ignoring the token.
                            using var stream = await Bound(opening, static late => late?.Dispose(), cancellationToken).ConfigureAwait(false);
                            while (true)
                            {
                                if (length == buffer.Length)
                                {
                                    if (length > _maxBytes) throw CertCentralException.TooLarge(status, _maxBytes);
                                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, _maxBytes + 1));
                                    Buffer.BlockCopy(buffer, 0, larger, 0, length);
                                    ArrayPool<byte>.Shared.Return(buffer);
                                    buffer = larger;
                                }

#if NET8_0_OR_GREATER
                                var reading = stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                                var read = reading.IsCompletedSuccessfully ? reading.Result : await Bound(reading.AsTask(), null, cancellationToken).ConfigureAwait(false);
#else
                                var reading = stream.ReadAsync(buffer, length, buffer.Length - length, cancellationToken);
                                var read = await Bound(reading, null, cancellationToken).ConfigureAwait(false);
#endif
                                if (read == 0) break;
                                length += read;
                            }
                        }

                        cancellationToken.ThrowIfCancellationRequested(); // the response may have been disposed under the read
                        if (length > _maxBytes) throw CertCentralException.TooLarge(status, _maxBytes);
                        answered = true;
                        return new ServerAnswer(response, _redactor, buffer, length);
                    }
                    catch (Exception e)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        if (e is CertCentralException || e is OperationCanceledException) throw;
                        if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException("The response was not read: the call was cancelled or timed out.", CertCentralException.Cleaned(e, _redactor), cancellationToken);
                        // InvalidData and InvalidOperation: a compressed body that is corrupt (gzip, Brotli).
                        if (e is HttpRequestException || e is IOException || e is ObjectDisposedException || e is InvalidDataException || e is InvalidOperationException)
                        {
                            throw CertCentralException.NoResponse($"the connection failed while the HTTP {status.ToString(CultureInfo.InvariantCulture)} response was read", e, _redactor);
                        }

                        throw;
                    }
                }
                finally
                {
                    if (!answered) response.Dispose(); // a redirect, or a failure; an answer keeps it until the attempt is over
                }
            }
        }

        // The caller's code (a transport or attempt handler) may ignore the token: its waits end at the deadline all the same.
        private Task<T> Bound<T>(Task<T> task, Action<T>? abandoned, CancellationToken cancellationToken) =>
            _boundCallersCode ? Deadline.Bounded(task, abandoned, cancellationToken) : task;

        private Uri RedirectTarget(HttpResponseMessage response, Uri from, int status, int redirects)
        {
            var location = response.Headers.Location;
            if (location is null)
            {
                var raw = response.Headers.TryGetValues("Location", out var values) ? string.Join(", ", values) : null;
                throw CertCentralException.Redirected(status, raw is null
                    ? "the server answered a redirect without a Location"
                    : $"the server answered a redirect to '{_redactor.Scrub(raw)}', which is not a URL the client can follow");
            }

            var target = location.IsAbsoluteUri ? location : new Uri(from, location);
            if (!SameOrigin(target, _origin))
            {
                throw CertCentralException.Redirected(status, $"the server redirected to {_redactor.Url(target)}; the client follows redirects only within {_origin.GetLeftPart(UriPartial.Authority)}, so that the API key never leaves it");
            }

            if (redirects >= MaxRedirects) throw CertCentralException.Redirected(status, $"the server redirected more than {MaxRedirects} times (last to {_redactor.Url(target)})");
            return target;
        }
    }

    /// <summary>
    /// An answer read to its end, for the rest of its attempt: the status, the body in a pooled array,
    /// and the response, whose headers are copied (cleaned of the key) only if something reads them.
    /// Disposing it returns the array and disposes the response; nothing of it outlives the attempt.
    /// </summary>
    internal sealed class ServerAnswer : IDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly Redactor _redactor;
        private byte[]? _body;
        private IReadOnlyDictionary<string, IEnumerable<string>>? _headers;

        public ServerAnswer(HttpResponseMessage response, Redactor redactor, byte[] body, int length)
        {
            _response = response;
            _redactor = redactor;
            _body = body;
            Length = length;
            Status = (int)response.StatusCode;
            Charset = response.Content.Headers.ContentType?.CharSet;
        }

        public int Status { get; }

        public IReadOnlyDictionary<string, IEnumerable<string>> Headers => _headers ??= ResponseHeaders.Copy(_response, _redactor);

        public byte[] Body => _body ?? throw new ObjectDisposedException(nameof(ServerAnswer));

        public int Length { get; }

        public string? Charset { get; }

        public void Dispose()
        {
            var body = Interlocked.Exchange(ref _body, null);
            if (body != null) ArrayPool<byte>.Shared.Return(body);
            _response.Dispose();
        }
    }
}
