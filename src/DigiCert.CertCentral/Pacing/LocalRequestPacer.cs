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
    /// pacer. Nothing runs while nobody waits (no timers), and it remembers keys only by an
    /// identifier derived from them, for as long as one of their requests is in a window.
    /// </summary>
    /// <remarks>
    /// A client without a pacer of its own (<see cref="CertCentralClientOptions.Pacer"/>) makes one
    /// from its <see cref="CertCentralClientOptions.RateLimits"/>. Give one instance to every
    /// client of a key in the process to pace them together; across processes use the
    /// <c>DigiCert.CertCentral.Redis</c> package.
    /// </remarks>
    public sealed class LocalRequestPacer : RequestPacer
    {
        private readonly RequestRateLimit[] _limits;
        private readonly Dictionary<(ulong, ulong), Budget> _budgets = new Dictionary<(ulong, ulong), Budget>();
        private readonly CancellationTokenSource _disposed = new CancellationTokenSource();
        private readonly long _longestWindow;
        private long _nextSweep;

        /// <summary>Creates a pacer that keeps every key within all of <paramref name="limits"/>.</summary>
        /// <param name="limits">The limits, such as <see cref="RequestRateLimit.CertCentralDefaults"/>; at least one.</param>
        /// <exception cref="ArgumentNullException"><paramref name="limits"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="limits"/> is empty or holds null.</exception>
        public LocalRequestPacer(IEnumerable<RequestRateLimit> limits)
        {
            if (limits is null) throw new ArgumentNullException(nameof(limits));
            _limits = limits.ToArray();
            if (_limits.Length == 0) throw new ArgumentException("At least one limit is required.", nameof(limits));
            if (_limits.Any(l => l is null)) throw new ArgumentException("The limits hold null.", nameof(limits));
            _longestWindow = _limits.Max(l => l.Window.Ticks);
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
                    Sweep(Now(), force: true);
                    return _budgets.Count;
                }
            }
        }

        /// <inheritdoc/>
        public override ValueTask<RateLimitLease> AcquireAsync(PacingKey key, CancellationToken cancellationToken)
        {
            if (key is null) throw new ArgumentNullException(nameof(key));
            if (_disposed.IsCancellationRequested) throw new ObjectDisposedException(nameof(LocalRequestPacer));
            var budget = BudgetOf(key);
            // The common case: nobody of this key waits and a permit is free.
            if (budget.TryTakeNow(out var lease))
            {
                budget.Leave();
                return new ValueTask<RateLimitLease>(lease);
            }

            return budget.WaitAsync(cancellationToken, _disposed.Token);
        }

        /// <inheritdoc/>
        public override ValueTask PauseAsync(PacingKey key, TimeSpan duration, CancellationToken cancellationToken)
        {
            if (key is null) throw new ArgumentNullException(nameof(key));
            if (duration > TimeSpan.Zero)
            {
                var budget = BudgetOf(key);
                budget.Pause(duration.Ticks);
                budget.Leave();
            }

            return default;
        }

        /// <inheritdoc/>
        protected override void Dispose(bool disposing)
        {
            if (disposing) _disposed.Cancel();
            base.Dispose(disposing);
        }

        // Monotonic ticks: a clock change must not open or close windows.
        private static readonly double TicksPerTimestamp = (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency;

        private static long Now() => (long)(Stopwatch.GetTimestamp() * TicksPerTimestamp);

        // The key's budget, entered: it is not forgotten until the caller leaves it.
        private Budget BudgetOf(PacingKey key)
        {
            lock (_budgets)
            {
                Sweep(Now(), force: false);
                if (!_budgets.TryGetValue(key.Identity, out var budget))
                {
                    budget = new Budget(_limits);
                    _budgets.Add(key.Identity, budget);
                }

                budget.Enter();
                return budget;
            }
        }

        // Forgets keys that no longer count any request, at most once per longest window unless forced.
        private void Sweep(long now, bool force)
        {
            if (!force && now < _nextSweep) return;
            _nextSweep = now + _longestWindow;
            List<(ulong, ulong)>? idle = null;
            foreach (var pair in _budgets)
            {
                if (pair.Value.IsIdle(now)) (idle ??= new List<(ulong, ulong)>()).Add(pair.Key);
            }

            if (idle != null) foreach (var id in idle) _budgets.Remove(id);
        }

        /// <summary>One key's windows, its queue of waiters and its pause.</summary>
#pragma warning disable CA1001 // a SemaphoreSlim whose wait handle is never asked for holds nothing to dispose
        private sealed class Budget
#pragma warning restore CA1001
        {
            private readonly Window[] _windows;
            private readonly SemaphoreSlim _turn = new SemaphoreSlim(1, 1); // the head of the key's queue
            private TaskCompletionSource<bool> _released = NewSignal();
            private long _pausedUntil;

            public Budget(RequestRateLimit[] limits) => _windows = limits.Select(l => new Window(l.Permits, l.Window.Ticks)).ToArray();

            // Callers between finding this budget and leaving it: while there are any, it is not forgotten.
            private int _users;

            public void Enter()
            {
                lock (_windows) _users++;
            }

            public void Leave()
            {
                lock (_windows) _users--;
            }

            public bool IsIdle(long now)
            {
                lock (_windows)
                {
                    return _users == 0 && now >= _pausedUntil && _windows.All(w => w.IsEmpty(now));
                }
            }

            public void Pause(long ticks)
            {
                TaskCompletionSource<bool> released;
                lock (_windows)
                {
                    _pausedUntil = Math.Max(_pausedUntil, Now() + ticks);
                    released = _released;
                    _released = NewSignal();
                }

                released.TrySetResult(true); // the waiter at the head re-reads how long to wait
            }

            public bool TryTakeNow(out RateLimitLease lease)
            {
                lease = null!;
                if (!_turn.Wait(0)) return false;
                try
                {
                    if (!TryTake(out _)) return false;
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
                try
                {
                    return await WaitForTurnAsync(cancellationToken, disposed).ConfigureAwait(false);
                }
                finally
                {
                    Leave();
                }
            }

            private async Task<RateLimitLease> WaitForTurnAsync(CancellationToken cancellationToken, CancellationToken disposed)
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, disposed);
                try
                {
                    await _turn.WaitAsync(stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (disposed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new ObjectDisposedException(nameof(LocalRequestPacer));
                }

                try
                {
                    while (true)
                    {
                        Task released;
                        TimeSpan wait;
                        lock (_windows)
                        {
                            if (TryTake(out wait)) return new Lease(this);
                            released = _released.Task;
                        }

                        // Until the oldest finished request leaves its window, one in flight
                        // finishes (which starts its window) or a pause changes.
                        using var timer = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                        var delay = Task.Delay(wait == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : wait, timer.Token);
                        await Task.WhenAny(delay, released).ConfigureAwait(false);
                        timer.Cancel();
                        if (disposed.IsCancellationRequested && !cancellationToken.IsCancellationRequested) throw new ObjectDisposedException(nameof(LocalRequestPacer));
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }
                finally
                {
                    _turn.Release();
                }
            }

            private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            // Takes a permit in every window, or says how long to wait (infinite: until one in flight finishes).
            private bool TryTake(out TimeSpan wait)
            {
                lock (_windows)
                {
                    var now = Now();
                    var longest = Math.Max(0, _pausedUntil - now);
                    foreach (var window in _windows)
                    {
                        var ticks = window.WaitTicks(now);
                        if (ticks < 0)
                        {
                            wait = Timeout.InfiniteTimeSpan;
                            return false;
                        }

                        longest = Math.Max(longest, ticks);
                    }

                    if (longest > 0)
                    {
                        wait = TimeSpan.FromTicks(longest);
                        return false;
                    }

                    foreach (var window in _windows) window.InFlight++;
                    wait = TimeSpan.Zero;
                    return true;
                }
            }

            private void Release()
            {
                TaskCompletionSource<bool> released;
                lock (_windows)
                {
                    var now = Now();
                    foreach (var window in _windows) window.Finish(now);
                    released = _released;
                    _released = NewSignal();
                }

                released.TrySetResult(true);
            }

            /// <summary>One limit: requests in flight, and when the last <c>permits</c> finished requests finished.</summary>
            private sealed class Window
            {
                private readonly int _permits;
                private readonly long _length;
                private long[] _finished; // a ring, oldest at _first; grows up to permits entries
                private int _first;
                private int _count;

                public Window(int permits, long length)
                {
                    _permits = permits;
                    _length = length;
                    _finished = new long[Math.Min(permits, 16)];
                }

                public int InFlight { get; set; }

                public bool IsEmpty(long now)
                {
                    Expire(now);
                    return InFlight == 0 && _count == 0;
                }

                /// <summary>0 when a permit is free now; else the ticks until one is; -1 when only a finish can free one.</summary>
                public long WaitTicks(long now)
                {
                    Expire(now);
                    var excess = InFlight + _count - _permits; // how many must leave before one more may go
                    if (excess < 0) return 0;
                    if (excess >= _count) return -1;
                    return _finished[(_first + excess) % _finished.Length] + _length - now + 1;
                }

                public void Finish(long now)
                {
                    InFlight--;
                    if (_count == _finished.Length && _finished.Length < _permits)
                    {
                        var grown = new long[(int)Math.Min((long)_finished.Length * 2, _permits)];
                        for (var i = 0; i < _count; i++) grown[i] = _finished[(_first + i) % _finished.Length];
                        _finished = grown;
                        _first = 0;
                    }

                    if (_count == _finished.Length)
                    {
                        _first = (_first + 1) % _finished.Length; // the oldest can no longer matter
                        _count--;
                    }

                    _finished[(_first + _count) % _finished.Length] = now;
                    _count++;
                }

                private void Expire(long now)
                {
                    while (_count > 0 && _finished[_first] + _length <= now)
                    {
                        _first = (_first + 1) % _finished.Length;
                        _count--;
                    }
                }
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
