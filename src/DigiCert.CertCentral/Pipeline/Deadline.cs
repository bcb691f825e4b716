using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// A call's time limits: <c>OverallTimeout</c> for the whole call (pacing, attempts and
    /// back-off) and <c>AttemptTimeout</c> for each exchange, on one token; and what an ended call
    /// means: the caller's cancellation stays plain cancellation, a timeout is a
    /// <see cref="TaskCanceledException"/> with an inner <see cref="TimeoutException"/> (as
    /// HttpClient reports its own), and a client disposed during the call is an <see cref="ObjectDisposedException"/>.
    /// </summary>
    internal sealed class Deadline : IDisposable
    {
        private readonly CancellationToken _caller;
        private readonly CancellationToken _clientLifetime;
        private readonly TimeSpan _overall;
        private readonly TimeSpan _attempt;
        private readonly long _overallEnd;
        private CancellationTokenSource _source;
        private bool _inAttempt;

        public Deadline(TimeSpan overall, TimeSpan attempt, CancellationToken caller, CancellationToken clientLifetime)
        {
            _caller = caller;
            _clientLifetime = clientLifetime;
            _overall = overall;
            _attempt = attempt;
            _overallEnd = Stopwatch.GetTimestamp() + (long)(overall.TotalSeconds * Stopwatch.Frequency);
            _source = NewSource(overall);
        }

        /// <summary>Ends at the current limit: the attempt's during an exchange, the call's otherwise.</summary>
        public CancellationToken Token => _source.Token;

        private TimeSpan Remaining => TimeSpan.FromSeconds(Math.Max(0, _overallEnd - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);

        public void BeginAttempt()
        {
            _inAttempt = true;
            if (_attempt < Remaining && !_source.IsCancellationRequested) _source.CancelAfter(_attempt);
        }

        public void EndAttempt()
        {
            _inAttempt = false;
            if (!_source.IsCancellationRequested)
            {
                _source.CancelAfter(Remaining);
            }
            else if (!_caller.IsCancellationRequested && !_clientLifetime.IsCancellationRequested && Remaining > TimeSpan.Zero)
            {
                _source.Dispose(); // the attempt timed out; the call goes on
                _source = NewSource(Remaining);
            }
        }

        /// <summary>Whether a cancellation is the current attempt's timeout (which may be retried).</summary>
        public bool IsAttemptTimeout => _inAttempt && _source.IsCancellationRequested && !_caller.IsCancellationRequested && !_clientLifetime.IsCancellationRequested && Remaining > TimeSpan.Zero;

        /// <summary>What ended the call, as the exception to throw.</summary>
        public Exception Ended(OperationCanceledException e, string operationId, string? summary)
        {
            if (!_source.IsCancellationRequested) return e; // a cancellation of the caller's own code, not of this call
            if (_caller.IsCancellationRequested) return e.CancellationToken == _caller ? e : new OperationCanceledException(e.Message, e, _caller);
            if (_clientLifetime.IsCancellationRequested) return new ObjectDisposedException(nameof(CertCentralClient), "The CertCentral client was disposed during the call.");
            var (name, limit) = IsAttemptTimeout ? ("attempt", _attempt) : ("overall", _overall);
            var seconds = limit.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            return new TaskCanceledException(
                $"The CertCentral call {operationId} timed out: {name} timeout of {seconds} s reached.{(summary is null ? string.Empty : " " + summary)}",
                new TimeoutException($"No complete answer within the {name} timeout of {seconds} s.", e));
        }

        public void Dispose() => _source.Dispose();

        /// <summary>
        /// A task of code that may ignore the token (a caller's pacer, handler or transport), ended at
        /// the token all the same; a result it gives after that goes to <paramref name="abandoned"/>.
        /// </summary>
        public static async Task<T> Bounded<T>(Task<T> task, Action<T>? abandoned, CancellationToken token)
        {
            if (task.IsCompleted || !token.CanBeCanceled) return await task.ConfigureAwait(false);
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (token.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), cancelled))
            {
                if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) == task) return await task.ConfigureAwait(false);
            }

            if (abandoned != null) _ = task.ContinueWith(static (t, state) => ((Action<T>)state!)(t.Result), abandoned, CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw new OperationCanceledException(token);
        }

        /// <summary>As <see cref="Bounded{T}"/>, for a task without a result.</summary>
        public static Task Bounded(Task task, CancellationToken token) => task.IsCompleted
            ? task
            : Bounded(task.ContinueWith(static t => { t.GetAwaiter().GetResult(); return true; }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default), null, token);

        private CancellationTokenSource NewSource(TimeSpan after)
        {
            var source = _caller.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(_caller, _clientLifetime) : CancellationTokenSource.CreateLinkedTokenSource(_clientLifetime);
            source.CancelAfter(after);
            return source;
        }
    }
}
