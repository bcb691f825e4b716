using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Pacing
{
    /// <summary>
    /// Paces requests within one process, exactly: per API key, never more than each limit's
    /// permits in any window, counting a request from the end of its exchange. Waiters of a key
    /// are served first come, first served; a 429 pauses the key for every client given this
    /// pacer. Nothing runs while nobody waits (no timers), and keys are remembered only by an
    /// identifier derived from them, for as long as one of their requests is in a window.
    /// </summary>
    /// <remarks>
    /// A client without a pacer (<see cref="CertCentralClientOptions.Pacer"/>) makes one from its
    /// <see cref="CertCentralClientOptions.RateLimits"/>. Give one instance to every client of a key
    /// in the process to pace them together; across processes use the <c>DigiCert.CertCentral.Redis</c> package.
    /// </remarks>
    public sealed class LocalRequestPacer : RequestPacer
    {
        private static readonly TimeSpan LongestDelay = TimeSpan.FromDays(1);
        private static readonly double TicksPerTimestamp = (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency;
        private readonly RequestRateLimit[] _limits;
        private readonly long _longestWindow;
        private readonly int _mostPermits;
        private readonly Dictionary<(ulong, ulong), Budget> _budgets = new Dictionary<(ulong, ulong), Budget>();
        private readonly CancellationTokenSource _disposed = new CancellationTokenSource();
        private long _nextSweep;

        /// <summary>Creates a pacer that keeps every key within all of <paramref name="limits"/>.</summary>
        /// <param name="limits">The limits, such as <see cref="RequestRateLimit.CertCentralDefaults"/>; at least one.</param>
        /// <exception cref="ArgumentNullException"><paramref name="limits"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="limits"/> is empty or holds null.</exception>
        public LocalRequestPacer(IEnumerable<RequestRateLimit> limits)
        {
            _limits = (limits ?? throw new ArgumentNullException(nameof(limits))).ToArray();
            if (_limits.Length == 0 || _limits.Any(l => l is null)) throw new ArgumentException("At least one limit, and no null, is required.", nameof(limits));
            if (_limits.Select(l => l.Problem).FirstOrDefault(p => p != null) is { } problem) throw new ArgumentException(problem + ".", nameof(limits));
            _longestWindow = _limits.Max(l => l.Window.Ticks);
            _mostPermits = _limits.Max(l => l.Permits);
        }

        /// <summary>The limits every key is kept within.</summary>
        public IReadOnlyList<RequestRateLimit> Limits => _limits;

        /// <summary>How many keys the pacer remembers now (a request in flight or in a window, or a pause).</summary>
        internal int KeyCount
        {
            get
            {
                lock (_budgets)
                {
                    Sweep(force: true);
                    return _budgets.Count;
                }
            }
        }

        /// <inheritdoc/>
        public override ValueTask<RateLimitLease> AcquireAsync(PacingKey key, CancellationToken cancellationToken)
        {
            if (_disposed.IsCancellationRequested) throw new ObjectDisposedException(nameof(LocalRequestPacer));
            var budget = Enter(key ?? throw new ArgumentNullException(nameof(key)));
            if (!budget.TryTakeNow(out var lease)) return budget.WaitAsync(cancellationToken, _disposed.Token);
            budget.Leave(); // the common case: nobody of this key waits and a permit is free
            return new ValueTask<RateLimitLease>(lease);
        }

        /// <inheritdoc/>
        public override ValueTask PauseAsync(PacingKey key, TimeSpan duration, CancellationToken cancellationToken)
        {
            var budget = Enter(key ?? throw new ArgumentNullException(nameof(key)));
            budget.Pause(duration.Ticks);
            budget.Leave();
            return default;
        }

        /// <inheritdoc/>
        protected override void Dispose(bool disposing)
        {
            if (disposing) _disposed.Cancel();
            base.Dispose(disposing);
        }

        // Monotonic ticks: a clock change must not open or close windows.
        private static long Now() => (long)(Stopwatch.GetTimestamp() * TicksPerTimestamp);

        // The key's budget, entered: it is not forgotten until the caller leaves it.
        private Budget Enter(PacingKey key)
        {
            lock (_budgets)
            {
                Sweep(force: false);
                if (!_budgets.TryGetValue(key.Identity, out var budget)) _budgets.Add(key.Identity, budget = new Budget(this));
                budget.Enter();
                return budget;
            }
        }

        // Forgets keys that count no request any more, at most once per longest window unless forced.
        private void Sweep(bool force)
        {
            var now = Now();
            if (!force && now < _nextSweep) return;
            _nextSweep = now + _longestWindow;
            foreach (var idle in _budgets.Where(pair => pair.Value.IsIdle(now)).Select(pair => pair.Key).ToList()) _budgets.Remove(idle);
        }

        /// <summary>One key: its requests in flight, when its recent requests finished, its queue and its pause.</summary>
#pragma warning disable CA1001 // a SemaphoreSlim whose wait handle is never asked for holds nothing to dispose
        private sealed class Budget
#pragma warning restore CA1001
        {
            private readonly LocalRequestPacer _pacer;
            private readonly List<long> _finished = new List<long>(); // in order, within the longest window
            private readonly SemaphoreSlim _turn = new SemaphoreSlim(1, 1); // the head of the key's queue
            private TaskCompletionSource<bool> _changed = NewSignal();
            private int _inFlight;
            private int _users; // callers between entering and leaving: while there are any, it is not forgotten
            private long _pausedUntil;

            public Budget(LocalRequestPacer pacer) => _pacer = pacer;

            public void Enter()
            {
                lock (_finished) _users++;
            }

            public void Leave()
            {
                lock (_finished) _users--;
            }

            public bool IsIdle(long now)
            {
                lock (_finished)
                {
                    Expire(now);
                    return _users == 0 && _inFlight == 0 && _finished.Count == 0 && now >= _pausedUntil;
                }
            }

            public void Pause(long ticks)
            {
                var now = Now();
                lock (_finished) _pausedUntil = Math.Max(_pausedUntil, ticks >= long.MaxValue - now ? long.MaxValue : now + Math.Max(0, ticks)); // TimeSpan.MaxValue must not wrap
                Signal(); // the waiter at the head reads how long to wait again
            }

            public bool TryTakeNow(out RateLimitLease lease)
            {
                lease = null!;
                if (!_turn.Wait(0)) return false;
                try
                {
                    if (Wait() != TimeSpan.Zero) return false;
                    lease = new Lease(this);
                    return true;
                }
                finally
                {
                    _turn.Release();
                }
            }

            public async ValueTask<RateLimitLease> WaitAsync(CancellationToken cancellationToken, CancellationToken disposed)
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, disposed);
                try
                {
                    await _turn.WaitAsync(stop.Token).ConfigureAwait(false);
                    try
                    {
                        while (true)
                        {
                            Task changed;
                            TimeSpan wait;
                            lock (_finished)
                            {
                                wait = Wait();
                                if (wait == TimeSpan.Zero) return new Lease(this);
                                changed = _changed.Task;
                            }

                            // Until the oldest request leaves a window, one in flight finishes or a pause changes.
                            using var timer = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                            await Task.WhenAny(Task.Delay(wait > LongestDelay ? LongestDelay : wait, timer.Token), changed).ConfigureAwait(false); // a longer wait is measured again
                            timer.Cancel();
                            stop.Token.ThrowIfCancellationRequested();
                        }
                    }
                    finally
                    {
                        _turn.Release();
                    }
                }
                catch (OperationCanceledException) when (disposed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new ObjectDisposedException(nameof(LocalRequestPacer));
                }
                finally
                {
                    Leave();
                }
            }

            private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            // Takes a permit (zero), or says how long to wait (infinite: until one in flight finishes).
            private TimeSpan Wait()
            {
                lock (_finished)
                {
                    var now = Now();
                    Expire(now);
                    var longest = Math.Max(0, _pausedUntil - now);
                    foreach (var limit in _pacer._limits)
                    {
                        var length = limit.Window.Ticks;
                        var first = FirstAfter(now - length); // the oldest still in this window
                        var inWindow = _finished.Count - first;
                        var excess = _inFlight + inWindow - limit.Permits; // how many must leave before one more may go
                        if (excess < 0) continue;
                        if (excess >= inWindow) return Timeout.InfiniteTimeSpan;
                        longest = Math.Max(longest, _finished[first + excess] + length - now + 1);
                    }

                    if (longest > 0) return TimeSpan.FromTicks(longest);
                    _inFlight++;
                    return TimeSpan.Zero;
                }
            }

            private void Expire(long now) => _finished.RemoveRange(0, FirstAfter(now - _pacer._longestWindow));

            // The index of the first finish later than the time (the list is in order), or Count.
            private int FirstAfter(long time)
            {
                int low = 0, high = _finished.Count;
                while (low < high)
                {
                    var middle = (low + high) / 2;
                    if (_finished[middle] > time) high = middle;
                    else low = middle + 1;
                }

                return low;
            }

            private void Release()
            {
                lock (_finished)
                {
                    _inFlight--;
                    _finished.Add(Now()); // the request's windows start now that its exchange is over
                    if (_finished.Count > _pacer._mostPermits) _finished.RemoveAt(0); // older ones can no longer decide a wait
                }

                Signal();
            }

            private void Signal()
            {
                TaskCompletionSource<bool> changed;
                lock (_finished)
                {
                    changed = _changed;
                    _changed = NewSignal();
                }

                changed.TrySetResult(true);
            }

            private sealed class Lease : RateLimitLease
            {
                private Budget? _owner;

                public Lease(Budget owner) => _owner = owner;

                public override bool IsAcquired => true;

                public override IEnumerable<string> MetadataNames => Array.Empty<string>();

                public override bool TryGetMetadata(string metadataName, out object? metadata)
                {
                    metadata = null;
                    return false;
                }

                protected override void Dispose(bool disposing)
                {
                    Interlocked.Exchange(ref _owner, null)?.Release();
                    base.Dispose(disposing);
                }
            }
        }
    }
}
