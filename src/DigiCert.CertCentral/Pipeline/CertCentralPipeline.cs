using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using DigiCert.CertCentral.Diagnostics;
using DigiCert.CertCentral.Pacing;
using DigiCert.CertCentral.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// The one runtime entry point of every generated operation (<see cref="SendAsync{T}"/>). A call
    /// goes, in this order:
    /// <list type="number">
    /// <item>its span (kind Internal) and its deadline: <c>OverallTimeout</c>, the caller's token and the client's lifetime;</item>
    /// <item>per attempt: a permit from the pacer for the key the attempt carries, held until its exchange is over;</item>
    /// <item>the attempt's deadline (<c>AttemptTimeout</c>), its HTTP span and its log entries;</item>
    /// <item>the exchange (<see cref="Exchange"/>): redirects within the origin, the API key added last
    /// (<see cref="ApiKeyHandler"/>), the whole body read, bounded;</item>
    /// <item>the answer classified once: the model read, or DigiCert's errors parsed once into the one
    /// <see cref="CertCentralException"/>, cleaned of the key;</item>
    /// <item>a transient failure retried (<see cref="RetryPolicy"/>) after its delay, a 429 pausing the key's pacer.</item>
    /// </list>
    /// </summary>
    internal sealed class CertCentralPipeline : IDisposable
    {
        private readonly string _baseUrl;
        private readonly CertCentralKeyCredential _credential;
        private readonly RequestPacer? _pacer;
        private readonly RequestPacer? _ownPacer;
        private readonly RetryPolicy _retries;
        private readonly TimeSpan _overallTimeout;
        private readonly TimeSpan _attemptTimeout;
        private readonly ILogger _logger;
        private readonly Exchange _exchange;
        private readonly CancellationTokenSource _lifetime = new CancellationTokenSource();
        private int _disposed;

        public CertCentralPipeline(CertCentralClientOptions options, HttpMessageHandler? transport)
        {
            BaseUri = options.ResolveBaseUri();
            _baseUrl = BaseUri.AbsoluteUri;
            _credential = options.Credential ?? new CertCentralKeyCredential(options.ApiKey!);
            _pacer = options.Pacer ?? (options.RateLimits.Count > 0 ? _ownPacer = new LocalRequestPacer(options.RateLimits) : null);
            _retries = new RetryPolicy(options.MaxRetries, options.RetryBaseDelay, options.MaxRetryDelay);
            _overallTimeout = options.OverallTimeout;
            _attemptTimeout = options.AttemptTimeout;
            _logger = options.LoggerFactory?.CreateLogger<CertCentralClient>() ?? (ILogger)NullLogger.Instance;
            var ownsTransport = transport is null;
            transport ??= Transport.Create(options.MaxConnections);
            Transport.DisableAutoRedirect(transport);
            _callPolicies = options.CallPolicies.ToArray();
            _ownedTransport = ownsTransport ? transport : null;
            // The caller's code (attempt handlers, a transport of theirs) may ignore tokens: then its waits are bounded.
            var callersCode = !ownsTransport || options.AttemptHandlers.Count > 0;
            _exchange = new Exchange(new ApiKeyHandler(BaseUri, transport, options.AttemptHandlers), BaseUri, options.MaxResponseBytes, _credential.Redactor, callersCode);
        }

        private readonly HttpMessageHandler? _ownedTransport;
        private readonly CertCentralCallPolicy[] _callPolicies;

        public Uri BaseUri { get; }

        /// <summary>Sends one operation's request and returns its model, or throws the one typed failure.</summary>
        public Task<T> SendAsync<T>(CertCentralRequest request, CertCentralOperation<T> operation, CancellationToken cancellationToken)
        {
            if (_callPolicies.Length > 0) return ValueOfAsync(SendWithResponseAsync(request, operation, cancellationToken));
            return CallAsync(request, operation, ToUri(request), withHeaders: false, static (model, _, _) => model, cancellationToken);

            static async Task<T> ValueOfAsync(Task<CertCentralResponse<T>> response) =>
                ((await response.ConfigureAwait(false)) ?? throw new InvalidOperationException("A CertCentralCallPolicy returned no response.")).Value;
        }

        /// <summary>As <see cref="SendAsync{T}"/>, with the response's status and headers.</summary>
        public Task<CertCentralResponse<T>> SendWithResponseAsync<T>(CertCentralRequest request, CertCentralOperation<T> operation, CancellationToken cancellationToken)
        {
            var uri = ToUri(request);
            if (_callPolicies.Length == 0) return CallAsync(request, operation, uri, withHeaders: true, NewResponse, cancellationToken);
            var call = new CertCentralCall(operation.Id, uri, cancellationToken);
            return Next(0);

            // The callers' policies, first added outermost, then the call itself.
            Task<CertCentralResponse<T>> Next(int index) => index < _callPolicies.Length
                ? _callPolicies[index].SendAsync(call, () => Next(index + 1))
                : CallAsync(request, operation, uri, withHeaders: true, NewResponse, cancellationToken);

            static CertCentralResponse<T> NewResponse(T model, int status, IReadOnlyDictionary<string, IEnumerable<string>> headers) => new CertCentralResponse<T>(model, status, headers, copied: true);
        }

        private Uri ToUri(CertCentralRequest request) =>
            Volatile.Read(ref _disposed) == 0 ? request.ToUri(_baseUrl) : throw new ObjectDisposedException(nameof(CertCentralClient), "The CertCentral client was disposed.");

        // The call: attempts (paced, bounded, logged and traced), each answer classified once, transient failures retried.
        private async Task<TResult> CallAsync<T, TResult>(CertCentralRequest request, CertCentralOperation<T> operation, Uri uri, bool withHeaders, Func<T, int, IReadOnlyDictionary<string, IEnumerable<string>>, TResult> result, CancellationToken cancellationToken)
        {
            var span = CertCentralDiagnostics.StartCall(operation.Id, uri);
            var deadline = new Deadline(_overallTimeout, _attemptTimeout, cancellationToken, _lifetime.Token);
            List<string>? outcomes = null; // how each attempt ended, for the message of a call that retried
            var attempt = 0;
            try
            {
                while (true)
                {
                    attempt++;
                    var key = _credential.Key; // the key this attempt sends and is paced by, even if it is rotated meanwhile
                    var permit = _pacer is null ? null : await AcquirePermitAsync(key, operation.Id, uri, deadline.Token).ConfigureAwait(false);
                    var started = Stopwatch.GetTimestamp();
                    var attemptSpan = CertCentralDiagnostics.StartAttempt(_logger, operation.Id, uri, _credential.Redactor, attempt);
                    Exception failure;
                    bool transient;
                    ServerAnswer? answer = null;
                    try
                    {
                        deadline.BeginAttempt();
                        answer = await _exchange.SendAsync(request.Method, uri, key, deadline.Token).ConfigureAwait(false);
                        permit?.Dispose(); // the exchange is over: the request's windows start now
                        permit = null;
                        deadline.EndAttempt();
                        if (TryRead(answer, operation, out var model, out var error))
                        {
                            // A success's headers are copied only if someone reads them: the caller, or the log.
                            CertCentralDiagnostics.EndAttempt(_logger, attemptSpan, operation.Id, uri, started, answer.Status, null, _logger.IsEnabled(LogLevel.Information) ? answer.Headers : null, null);
                            CertCentralDiagnostics.EndCall(span, attempt, null);
                            return result(model, answer.Status, withHeaders ? answer.Headers : ResponseHeaders.None);
                        }

                        CertCentralDiagnostics.EndAttempt(_logger, attemptSpan, operation.Id, uri, started, answer.Status, error.ErrorCode, answer.Headers, error);
                        (failure, transient) = (error, error.IsTransient);
                    }
                    catch (CertCentralException e)
                    {
                        CertCentralDiagnostics.EndAttempt(_logger, attemptSpan, operation.Id, uri, started, e.Status, null, e.Headers, e);
                        (failure, transient) = (e, e.IsTransient);
                    }
                    catch (OperationCanceledException e) when (deadline.IsAttemptTimeout)
                    {
                        failure = deadline.Ended(e, operation.Id, null);
                        CertCentralDiagnostics.EndAttempt(_logger, attemptSpan, operation.Id, uri, started, 0, null, null, failure);
                        deadline.EndAttempt();
                        transient = true;
                    }
                    catch (Exception e)
                    {
                        CertCentralDiagnostics.EndAttempt(_logger, attemptSpan, operation.Id, uri, started, 0, null, null, e);
                        throw;
                    }
                    finally
                    {
                        permit?.Dispose();
                        answer?.Dispose();
                    }

                    var outcome = failure is CertCentralException { Status: > 0 } http ? "HTTP " + http.Status.ToString(CultureInfo.InvariantCulture) : failure is CertCentralException ? "no response" : "timed out";
                    (outcomes ??= new List<string>()).Add(outcome);
                    string? note = null;
                    var delay = transient && _retries.CanRetry(attempt) ? _retries.Delay(attempt, (failure as CertCentralException)?.Headers, out note) : null;
                    // A 429 holds back the key for every client of the pacer, whether or not this call retries.
                    if ((failure as CertCentralException)?.Status == 429 && _pacer != null) await PauseAsync(key, delay ?? _retries.Pause(((CertCentralException)failure).Headers), deadline.Token).ConfigureAwait(false);
                    if (delay is null) throw Final(failure, operation.Id, outcomes, retriesRanOut: transient && note is null, note);

                    var reason = failure is CertCentralException { ErrorCode: { } code } ? outcome + " " + code : outcome == "timed out" ? "a timed-out attempt" : outcome;
                    CertCentralDiagnostics.RetryScheduled(_logger, span, operation.Id, uri, delay.Value, attempt, reason);
                    await Task.Delay(delay.Value, deadline.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                // A cancellation that is not yet one of the call's typed endings: the caller's, the client's disposal, the overall timeout.
                var ended = e is OperationCanceledException cancelled && !IsTimeout(e) ? deadline.Ended(cancelled, operation.Id, outcomes is null || outcomes.Count == 0 ? null : Summary(outcomes, retriesRanOut: false)) : e;
                CertCentralDiagnostics.EndCall(span, attempt, ended);
                if (ended == e) throw;
                throw ended;
            }
            finally
            {
                deadline.Dispose();
            }
        }

        private static bool IsTimeout(Exception e) => e is TaskCanceledException { InnerException: TimeoutException };

        private static Exception Final(Exception failure, string operationId, List<string> outcomes, bool retriesRanOut, string? note)
        {
            if (failure is CertCentralException error)
            {
                if (note != null) error = error.WithNote(note);
                return outcomes.Count > 1 ? error.AfterAttempts(outcomes.Count, Summary(outcomes, retriesRanOut)) : error;
            }

            // An attempt timeout that ended the call: say so, and how the earlier attempts ended.
            return outcomes.Count > 1 ? new TaskCanceledException($"{failure.Message.TrimEnd('.')}. {Summary(outcomes, retriesRanOut)}", failure.InnerException) : failure;
        }

        /// <summary>Ends the calls in progress; they fail with <see cref="ObjectDisposedException"/>.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _lifetime.Cancel();
            _ownedTransport?.Dispose();
            _ownPacer?.Dispose();
        }

        // The answer read once: the model of the success status, or the failure (DigiCert's errors parsed once).
        private bool TryRead<T>(ServerAnswer answer, CertCentralOperation<T> operation, out T model, out CertCentralException failure)
        {
            model = default!;
            failure = null!;
            if (answer.Status != operation.SuccessStatus)
            {
                failure = CertCentralException.FromAnswer(answer, operation.Describe(answer.Status), _credential.Redactor);
                return false;
            }

            try
            {
                model = ResponseBody.Read(answer.Body, answer.Length, answer.Charset, operation.Read);
            }
            catch (UnreadableBodyException e)
            {
                failure = CertCentralException.Unreadable(answer, typeof(T).Name, e, _credential.Redactor);
                return false;
            }

            // A list model reads an error body as an empty list: not the answer it claims to be.
            if (model is IUnknownFields { UnknownFields: { } unknown } && unknown.TryGetValue("errors", out var errors) && IsSomething(errors))
            {
                failure = CertCentralException.FromAnswer(answer, $"The body carries DigiCert errors instead of a {typeof(T).Name}", _credential.Redactor);
                return false;
            }

            return true;
        }

        private static bool IsSomething(object? value) => value switch
        {
            null => false,
            Newtonsoft.Json.Linq.JContainer container => container.Count > 0,
            Newtonsoft.Json.Linq.JValue { Type: Newtonsoft.Json.Linq.JTokenType.Null } => false,
            Newtonsoft.Json.Linq.JValue { Value: string text } => text.Length > 0,
            _ => true,
        };

        private async Task<RateLimitLease> AcquirePermitAsync(CertCentralKeyCredential.Current key, string operationId, Uri uri, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            RateLimitLease permit;
            try
            {
                var pending = _pacer!.AcquireAsync(key.Pacing, cancellationToken);
                // A pacer that ignores the token still ends at the deadline; a permit it grants later is given back.
                permit = pending.IsCompletedSuccessfully ? pending.Result : await Deadline.Bounded(pending.AsTask(), static late => late?.Dispose(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A pacer that fails because the call ended meanwhile (the client's own, disposed with it): the call's ending, not the pacer's.
                if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException("The call ended while it waited for a permit.", e, cancellationToken);
                throw CertCentralException.NotSent("the client-side rate limiter failed", e, _credential.Redactor);
            }

            CertCentralDiagnostics.PermitWaited(operationId, uri, started);
            if (permit?.IsAcquired == true) return permit;
            permit?.Dispose();
            throw CertCentralException.NotSent(permit is null ? "the client-side rate limiter gave no permit (its AcquireAsync returned null)" : "the client-side rate limiter refused the request (its queue is full)", null, _credential.Redactor);
        }

        private async Task PauseAsync(CertCentralKeyCredential.Current key, TimeSpan delay, CancellationToken cancellationToken)
        {
            try
            {
                // A pacer that ignores the token still ends at the deadline.
                var pausing = _pacer!.PauseAsync(key.Pacing, delay, cancellationToken);
                if (!pausing.IsCompletedSuccessfully) await Deadline.Bounded(pausing.AsTask(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The pause is advice to other clients; this call's own back-off still holds.
            }
        }

        /// <summary>"Gave up after N attempts" when retries ran out, else "Ended after N attempts", and how they ended.</summary>
        private static string Summary(List<string> outcomes, bool retriesRanOut)
        {
            var text = $"{(retriesRanOut ? "Gave up" : "Ended")} after {outcomes.Count.ToString(CultureInfo.InvariantCulture)} attempt{(outcomes.Count == 1 ? string.Empty : "s")}";
            if (outcomes.Count == 1) return text + ": " + outcomes[0] + "."; // a timeout during the first back-off
            if (outcomes.TrueForAll(o => o == "HTTP 429")) return text + ", rate limited each time.";
            if (outcomes.TrueForAll(o => o == "timed out")) return text + ", each timed out.";
            return text + ": " + string.Join(", ", outcomes) + ".";
        }
    }
}
