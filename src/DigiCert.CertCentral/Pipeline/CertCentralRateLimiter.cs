using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// Keeps requests under limits such as "100 per 5 seconds and 1000 per 3 minutes" exactly, as
    /// a server that counts arrivals sees them. A permit is held from the moment a request may go
    /// until its exchange is over (the lease is disposed); only then does its window start. The
    /// server saw the request arrive somewhere in between, so it can never count more requests in a
    /// window than this limiter does, whatever the network's delays. Waiters are served first come
    /// first served; nothing runs while nobody waits (no timers).
    /// </summary>
    internal sealed class CertCentralRateLimiter : RateLimiter
    {
        private readonly Window[] _windows;
        private readonly SemaphoreSlim _turn = new SemaphoreSlim(1, 1); // the head of the queue
        private readonly object _lock = new object();
        private TaskCompletionSource<bool> _released = NewSignal();
        private long _idleSince;

        public CertCentralRateLimiter(IEnumerable<RequestRateLimit> limits)
        {
            _windows = limits.Select(limit => new Window(limit.Permits, limit.Window)).ToArray();
            if (_windows.Length == 0) throw new ArgumentException("At least one limit is required.", nameof(limits));
            _idleSince = Now();
        }

        /// <summary>
        /// Whether the limiter still counts a request in one of its windows (one in flight, or one
        /// finished within a window): forgetting it now would let a new limiter send too many.
        /// </summary>
        public bool RemembersRequests
        {
            get
            {
                lock (_lock)
                {
                    var now = Now();
                    return _windows.Any(w => w.Remembers(now));
                }
            }
        }

        public override TimeSpan? IdleDuration
        {
            get
            {
                lock (_lock)
                {
                    return _windows.Any(w => w.InFlight > 0) ? null : TimeSpan.FromTicks(Now() - _idleSince);
                }
            }
        }

        public override RateLimiterStatistics? GetStatistics()
        {
            lock (_lock)
            {
                var now = Now();
                return new RateLimiterStatistics
                {
                    CurrentAvailablePermits = _windows.Min(w => w.Available(now)),
                    CurrentQueuedCount = 0,
                    TotalFailedLeases = 0,
                    TotalSuccessfulLeases = 0,
                };
            }
        }

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            CheckCount(permitCount);
            if (!_turn.Wait(0)) return Lease.Refused;
            try
            {
                return TryTake(out _) ? new Lease(this) : Lease.Refused;
            }
            finally
            {
                _turn.Release();
            }
        }

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            CheckCount(permitCount);
            await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    Task released;
                    TimeSpan wait;
                    lock (_lock)
                    {
                        if (TryTake(out wait)) return new Lease(this);
                        released = _released.Task;
                    }

                    // Wait for the oldest finished request to leave its window, or for one in
                    // flight to finish (which starts its window and may change the answer).
                    using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    var delay = wait == Timeout.InfiniteTimeSpan ? Task.Delay(Timeout.Infinite, timer.Token) : Task.Delay(wait, timer.Token);
                    await Task.WhenAny(delay, released).ConfigureAwait(false);
                    timer.Cancel();
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            finally
            {
                _turn.Release();
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _turn.Dispose();
            base.Dispose(disposing);
        }

        private static void CheckCount(int permitCount)
        {
            if (permitCount != 1) throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, "Each request takes exactly one permit.");
        }

        // Monotonic ticks: a clock change must not open or close windows.
        private static readonly double TicksPerTimestamp = (double)TimeSpan.TicksPerSecond / System.Diagnostics.Stopwatch.Frequency;

        private static long Now() => (long)(System.Diagnostics.Stopwatch.GetTimestamp() * TicksPerTimestamp);

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        // Takes a permit in every window, or says how long to wait (infinite: until one in flight finishes).
        private bool TryTake(out TimeSpan wait)
        {
            lock (_lock)
            {
                var now = Now();
                long longest = 0;
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
            lock (_lock)
            {
                var now = Now();
                foreach (var window in _windows) window.Finish(now);
                if (_windows.All(w => w.InFlight == 0)) _idleSince = now;
                released = _released;
                _released = NewSignal();
            }

            released.TrySetResult(true);
        }

        /// <summary>One limit: requests in flight, and when the last <c>Permits</c> finished requests finished.</summary>
        private sealed class Window
        {
            private readonly int _permits;
            private readonly long _length;
            private long[] _finished; // a ring, oldest at _first; grows up to Permits entries
            private int _first;
            private int _count;

            public Window(int permits, TimeSpan length)
            {
                _permits = permits;
                _length = length.Ticks;
                _finished = new long[Math.Min(permits, 64)];
            }

            public int InFlight { get; set; }

            public bool Remembers(long now)
            {
                Expire(now);
                return InFlight > 0 || _count > 0;
            }

            public int Available(long now)
            {
                Expire(now);
                return Math.Max(0, _permits - InFlight - _count);
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
            public static readonly RateLimitLease Refused = new Lease(null);
            private readonly bool _acquired;
            private CertCentralRateLimiter? _owner;

            public Lease(CertCentralRateLimiter? owner)
            {
                _owner = owner;
                _acquired = owner != null;
            }

            public override bool IsAcquired => _acquired;

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
