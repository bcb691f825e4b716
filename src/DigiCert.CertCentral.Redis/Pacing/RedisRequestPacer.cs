using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using DigiCert.CertCentral.Pacing;
using StackExchange.Redis;

namespace DigiCert.CertCentral.Redis
{
    /// <summary>
    /// Paces requests across every process and machine that shares one Redis: per API key, never
    /// more than each limit's permits in any window, counting a request from the end of its
    /// exchange (as <see cref="LocalRequestPacer"/> does within one process). All limits are
    /// checked and taken in one Lua script, atomically, on the Redis server's clock; waiters are
    /// served first come, first served across the fleet, woken through Redis pub/sub or when the
    /// script says a permit frees; a 429 pauses the key for every process.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Redis holds only an identifier derived from the key (<see cref="PacingKey.Id"/>), never the
    /// key. A permit is a lease: its holder renews it while the exchange runs, so a process that
    /// dies mid-exchange holds its permits for at most <see cref="RedisRequestPacerOptions.LeaseDuration"/>.
    /// </para>
    /// <para>
    /// When Redis is unreachable, slow or refuses the script, <see cref="AcquireAsync"/> fails with
    /// a <see cref="RedisPacingException"/> within <see cref="RedisRequestPacerOptions.RedisTimeout"/>
    /// (the client then fails the call, unsent): nothing is ever sent unpaced. Giving a permit back
    /// never waits for Redis; if that fails, the lease runs out and counts from then.
    /// </para>
    /// <para>
    /// The protocol (the script and the key layout) is published beside the OpenAPI description
    /// (<c>openapi/pacing/</c>, and <c>protocol/</c> in this package), so services in other
    /// languages can take permits from the same budget.
    /// </para>
    /// </remarks>
    public sealed class RedisRequestPacer : RequestPacer
    {
        /// <summary>The protocol's script, as published (embedded from openapi/pacing/pacing.lua).</summary>
        internal static readonly string Script = LoadScript();

        private readonly IConnectionMultiplexer _redis;
        private readonly IDatabase _database;
        private readonly ISubscriber _subscriber;
        private readonly RequestRateLimit[] _limits;
        private readonly RedisValue[] _limitArguments; // lease_ms, k, then permits and window_ms of each limit
        private readonly string _keyPrefix;
        private readonly TimeSpan _recheck;
        private readonly TimeSpan _redisTimeout;
        private readonly Dictionary<string, KeyState> _keys = new Dictionary<string, KeyState>(StringComparer.Ordinal);
        private readonly CancellationTokenSource _disposed = new CancellationTokenSource();
        private readonly Timer _renewal;
        private readonly string _instance;
        private bool _renewalRunning; // under _keys
        private long _lastId;
        private int _renewing;

        /// <summary>Creates a pacer that takes its permits from the Redis behind <paramref name="redis"/>.</summary>
        /// <param name="redis">
        /// The connection (shared with the rest of the application, as StackExchange.Redis intends);
        /// the pacer does not dispose it. Configure it with <c>abortConnect=false</c> so that it
        /// reconnects by itself after Redis comes back.
        /// </param>
        /// <param name="options">The limits and settings; null for the defaults (CertCentral's limits).</param>
        /// <exception cref="ArgumentNullException"><paramref name="redis"/> is null.</exception>
        /// <exception cref="ArgumentException">An option is invalid.</exception>
        public RedisRequestPacer(IConnectionMultiplexer redis, RedisRequestPacerOptions? options = null)
        {
            if (redis is null) throw new ArgumentNullException(nameof(redis));
            options ??= new RedisRequestPacerOptions();
            options.Validate();
            _redis = redis;
            _database = redis.GetDatabase(options.Database);
            _subscriber = redis.GetSubscriber();
            _limits = options.Limits.ToArray();
            _keyPrefix = options.KeyPrefix;
            _recheck = TimeSpan.FromTicks(options.LeaseDuration.Ticks / 3);
            _redisTimeout = options.RedisTimeout;
            var arguments = new List<RedisValue> { WholeMilliseconds(options.LeaseDuration), _limits.Length };
            foreach (var limit in _limits)
            {
                arguments.Add(limit.Permits);
                arguments.Add(WholeMilliseconds(limit.Window));
            }

            _limitArguments = arguments.ToArray();
            _instance = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant() + "-";
            _renewal = new Timer(static pacer => ((RedisRequestPacer)pacer!).OnRenewalTick(), this, Timeout.Infinite, Timeout.Infinite);
            _redis.ConnectionFailed += OnConnectionChanged;
            _redis.ConnectionRestored += OnConnectionChanged;
        }

        /// <summary>The limits every key is kept within.</summary>
        public IReadOnlyList<RequestRateLimit> Limits => _limits;

        /// <inheritdoc/>
        /// <exception cref="RedisPacingException">Redis could not be asked (the request must not be sent).</exception>
        public override ValueTask<RateLimitLease> AcquireAsync(PacingKey key, CancellationToken cancellationToken)
        {
            if (key is null) throw new ArgumentNullException(nameof(key));
            if (_disposed.IsCancellationRequested) throw new ObjectDisposedException(nameof(RedisRequestPacer));
            if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<RateLimitLease>(cancellationToken);
            return AcquireCoreAsync(Enter(key), cancellationToken);
        }

        /// <inheritdoc/>
        /// <exception cref="RedisPacingException">Redis could not be asked.</exception>
        public override ValueTask PauseAsync(PacingKey key, TimeSpan duration, CancellationToken cancellationToken)
        {
            if (key is null) throw new ArgumentNullException(nameof(key));
            if (_disposed.IsCancellationRequested) throw new ObjectDisposedException(nameof(RedisRequestPacer));
            if (duration <= TimeSpan.Zero) return default;
            return PauseCoreAsync(Enter(key), WholeMilliseconds(duration > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : duration));
        }

        /// <inheritdoc/>
        protected override void Dispose(bool disposing)
        {
            if (disposing && !_disposed.IsCancellationRequested)
            {
                _disposed.Cancel(); // waiters fail with ObjectDisposedException
                _redis.ConnectionFailed -= OnConnectionChanged;
                _redis.ConnectionRestored -= OnConnectionChanged;
                lock (_keys)
                {
                    _renewal.Dispose();
                    foreach (var state in _keys.Values) state.Unsubscribe();
                    _keys.Clear();
                }
            }

            base.Dispose(disposing);
        }

        private static long WholeMilliseconds(TimeSpan time) => Math.Max(1, (long)Math.Ceiling(time.TotalMilliseconds));

        private static string LoadScript()
        {
            using var stream = typeof(RedisRequestPacer).Assembly.GetManifestResourceStream("DigiCert.CertCentral.Redis.pacing.lua")
                ?? throw new InvalidOperationException("The pacing script is missing from the assembly.");
            using var reader = new System.IO.StreamReader(stream);
            return reader.ReadToEnd();
        }

        private async ValueTask<RateLimitLease> AcquireCoreAsync(KeyState state, CancellationToken cancellationToken)
        {
            try
            {
                var id = _instance + Interlocked.Increment(ref _lastId).ToString("x", CultureInfo.InvariantCulture);
                // The common case costs one round trip: the queue is empty and every limit has a permit.
                if (IsGranted(await EvalAsync(state, "acquire", id, "take a permit").ConfigureAwait(false))) return Granted(state, id, cancellationToken);
                return await WaitAsync(state, id, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Leave(state);
            }
        }

        private async ValueTask PauseCoreAsync(KeyState state, long milliseconds)
        {
            try
            {
                await EvalAsync(state, "pause", milliseconds, "pause the key").ConfigureAwait(false);
            }
            finally
            {
                Leave(state);
            }
        }

        /// <summary>Waits in the key's queue (the first call put the ticket <paramref name="id"/> in it) until the script grants it.</summary>
        private async Task<RateLimitLease> WaitAsync(KeyState state, string id, CancellationToken cancellationToken)
        {
            var waiter = new Waiter();
            state.Waiters[id] = waiter;
            var granted = false;
            try
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
                // Subscribed before asking again, so that no wake-up after that answer is missed.
                await AwaitRedisAsync(state.SubscribeAsync(), "subscribe to its wake-ups").ConfigureAwait(false);
                while (true)
                {
                    var woken = waiter.Arm();
                    var reply = await EvalAsync(state, "acquire", id, "take a permit").ConfigureAwait(false);
                    if (IsGranted(reply))
                    {
                        granted = true;
                        return Granted(state, id, cancellationToken);
                    }

                    // The head of the queue waits until the script says a permit frees, the others
                    // until they are woken; everyone asks again at least every third of a lease,
                    // which keeps the ticket and covers a wake-up that pub/sub lost.
                    var wait = (long)((RedisResult[])reply!)[1];
                    var delay = wait >= 0 && wait < _recheck.Ticks / 10 ? TimeSpan.FromMilliseconds(Math.Ceiling(wait / 1000.0)) : _recheck;
                    await WaitForAsync(woken, delay, stop.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (_disposed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new ObjectDisposedException(nameof(RedisRequestPacer));
            }
            finally
            {
                state.Waiters.TryRemove(id, out _);
                if (!granted) _ = ForgetTicketAsync(state, id);
            }
        }

        private static async Task WaitForAsync(Task woken, TimeSpan delay, CancellationToken stop)
        {
            if (!woken.IsCompleted)
            {
                using var timer = CancellationTokenSource.CreateLinkedTokenSource(stop);
                await Task.WhenAny(woken, Task.Delay(delay, timer.Token)).ConfigureAwait(false);
                timer.Cancel();
            }

            stop.ThrowIfCancellationRequested();
        }

        private Lease Granted(KeyState state, string id, CancellationToken cancellationToken)
        {
            state.Held.TryAdd(id, 0);
            var lease = new Lease(this, state, id);
            if (cancellationToken.IsCancellationRequested)
            {
                lease.Dispose(); // given back at once: it counts as a request that never went
                cancellationToken.ThrowIfCancellationRequested();
            }

            return lease;
        }

        private static bool IsGranted(RedisResult reply) => (long)((RedisResult[])reply!)[0] == 1;

        /// <summary>Gives a permit back without waiting: the script stamps the release when it runs.</summary>
        private void Release(KeyState state, string id)
        {
            state.Held.TryRemove(id, out _);
            state.Touch();
            _ = GiveBackAsync(state, id);
        }

        private async Task GiveBackAsync(KeyState state, string id)
        {
            try
            {
                await EvalAsync(state, "release", id, "give a permit back").ConfigureAwait(false);
            }
            catch (RedisPacingException)
            {
                // The lease runs out instead and counts as finished then: later, so never too few.
            }
        }

        private async Task ForgetTicketAsync(KeyState state, string id)
        {
            try
            {
                await EvalAsync(state, "cancel", id, "leave the queue").ConfigureAwait(false);
            }
            catch (RedisPacingException)
            {
                // The ticket runs out with its lease duration.
            }
        }

        private Task<RedisResult> EvalAsync(KeyState state, string operation, RedisValue argument, string what) =>
            EvalAsync(state, operation, new[] { argument }, what);

        private Task<RedisResult> EvalAsync(KeyState state, string operation, RedisValue[] arguments, string what)
        {
            var values = new RedisValue[1 + _limitArguments.Length + arguments.Length];
            values[0] = operation;
            _limitArguments.CopyTo(values, 1);
            arguments.CopyTo(values, 1 + _limitArguments.Length);
            Task<RedisResult> call;
            try
            {
                call = _database.ScriptEvaluateAsync(Script, state.Keys, values);
            }
            catch (Exception e) when (IsRedisFailure(e))
            {
                return Task.FromException<RedisResult>(Failure(e, what));
            }

            return AwaitRedisAsync(call, what);
        }

        private async Task<T> AwaitRedisAsync<T>(Task<T> call, string what)
        {
            try
            {
                return await call.WaitAsync(_redisTimeout).ConfigureAwait(false);
            }
            catch (Exception e) when (IsRedisFailure(e))
            {
                // A call given up on may still fail later: observe it.
                _ = call.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                throw Failure(e, what);
            }
        }

        private Task<bool> AwaitRedisAsync(Task call, string what) => AwaitRedisAsync(call.ContinueWith(static t =>
        {
            t.GetAwaiter().GetResult();
            return true;
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default), what);

        private static bool IsRedisFailure(Exception e) => e is RedisException || e is TimeoutException || e is ObjectDisposedException;

        private RedisPacingException Failure(Exception e, string what) => e switch
        {
            RedisServerException => new RedisPacingException($"The Redis pacer could not {what}: Redis refused the pacing script: {e.Message}", e),
            RedisException or RedisTimeoutException => new RedisPacingException($"The Redis pacer could not {what}: {e.GetType().Name}: {e.Message}", e),
            TimeoutException => new RedisPacingException($"The Redis pacer could not {what}: Redis did not answer within {_redisTimeout.TotalMilliseconds:0} ms (RedisRequestPacerOptions.RedisTimeout).", e),
            _ => new RedisPacingException($"The Redis pacer could not {what}: the Redis connection was disposed.", e),
        };

        // The key's state, entered: it is not forgotten until the caller leaves it.
        private KeyState Enter(PacingKey key)
        {
            var id = key.Id;
            lock (_keys)
            {
                if (!_keys.TryGetValue(id, out var state))
                {
                    state = new KeyState(this, id);
                    _keys.Add(id, state);
                    if (!_renewalRunning)
                    {
                        _renewalRunning = true;
                        _renewal.Change(_recheck, _recheck);
                    }
                }

                state.Users++;
                state.Touch();
                return state;
            }
        }

        private void Leave(KeyState state)
        {
            lock (_keys)
            {
                state.Users--;
                state.Touch();
            }
        }

        // Redis went away or came back: every waiter asks again now (and fails fast if it is still away).
        private void OnConnectionChanged(object? sender, ConnectionFailedEventArgs e)
        {
            KeyState[] states;
            lock (_keys) states = _keys.Values.ToArray();
            foreach (var state in states)
            {
                foreach (var waiter in state.Waiters.Values) waiter.Wake();
            }
        }

        private void OnRenewalTick()
        {
            if (Interlocked.Exchange(ref _renewing, 1) != 0) return;
            _ = RenewAsync();
        }

        /// <summary>Renews the leases this process holds, one script call per key; forgets keys idle for a while.</summary>
        private async Task RenewAsync()
        {
            try
            {
                var held = new List<(KeyState State, RedisValue[] Ids)>();
                lock (_keys)
                {
                    if (_disposed.IsCancellationRequested) return;
                    List<KeyState>? idle = null;
                    foreach (var state in _keys.Values)
                    {
                        if (!state.Held.IsEmpty) held.Add((state, state.Held.Keys.Select(id => (RedisValue)id).ToArray()));
                        else if (state.IsIdle(_recheck)) (idle ??= new List<KeyState>()).Add(state);
                    }

                    if (idle != null)
                    {
                        foreach (var state in idle)
                        {
                            _keys.Remove(state.Id);
                            state.Unsubscribe();
                        }
                    }

                    if (_keys.Count == 0)
                    {
                        _renewalRunning = false; // nothing runs while the pacer holds nothing
                        _renewal.Change(Timeout.Infinite, Timeout.Infinite);
                    }
                }

                foreach (var (state, ids) in held)
                {
                    try
                    {
                        await EvalAsync(state, "renew", ids, "renew its leases").ConfigureAwait(false);
                    }
                    catch (RedisPacingException)
                    {
                        // Leases run out if Redis stays away; their exchanges still end with a release.
                    }
                }
            }
            finally
            {
                Volatile.Write(ref _renewing, 0);
            }
        }

        /// <summary>One key as this process sees it: its Redis keys, its waiters and the leases it holds.</summary>
        private sealed class KeyState
        {
            private readonly RedisRequestPacer _pacer;
            private readonly RedisChannel _channel;
            private readonly Action<RedisChannel, RedisValue> _onWake;
            private Task? _subscription;
            private long _lastUsed;

            public KeyState(RedisRequestPacer pacer, string id)
            {
                _pacer = pacer;
                Id = id;
                var prefix = pacer._keyPrefix + "{" + id + "}:";
                Keys = new RedisKey[] { prefix + "queue", prefix + "tickets", prefix + "inflight", prefix + "done", prefix + "meta" };
                _channel = RedisChannel.Literal(prefix + "wake");
                _onWake = (_, ticket) =>
                {
                    if (Waiters.TryGetValue(ticket.ToString(), out var waiter)) waiter.Wake();
                };
            }

            public string Id { get; }

            public RedisKey[] Keys { get; }

            /// <summary>Callers between entering and leaving (under the pacer's lock).</summary>
            public int Users { get; set; }

            public ConcurrentDictionary<string, Waiter> Waiters { get; } = new ConcurrentDictionary<string, Waiter>(StringComparer.Ordinal);

            public ConcurrentDictionary<string, byte> Held { get; } = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);

            public void Touch() => Volatile.Write(ref _lastUsed, Environment.TickCount64);

            public bool IsIdle(TimeSpan after) => Users == 0 && Waiters.IsEmpty && Held.IsEmpty && Environment.TickCount64 - Volatile.Read(ref _lastUsed) >= after.TotalMilliseconds;

            public Task SubscribeAsync()
            {
                lock (this)
                {
                    if (_subscription is null || _subscription.IsFaulted || _subscription.IsCanceled)
                    {
                        try
                        {
                            _subscription = _pacer._subscriber.SubscribeAsync(_channel, _onWake);
                        }
                        catch (Exception e) when (IsRedisFailure(e))
                        {
                            return Task.FromException(e);
                        }
                    }

                    return _subscription;
                }
            }

            public void Unsubscribe()
            {
                lock (this)
                {
                    if (_subscription is null) return;
                    _subscription = null;
                }

                try
                {
                    _ = _pacer._subscriber.UnsubscribeAsync(_channel, _onWake).ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
                catch (Exception e) when (IsRedisFailure(e))
                {
                    // The connection is gone, and its subscriptions with it.
                }
            }
        }

        /// <summary>A caller waiting in the queue: woken by pub/sub, a reconnect, or its own timer.</summary>
        private sealed class Waiter
        {
            private TaskCompletionSource<bool> _woken = NewSignal();

            /// <summary>A signal for the next wake-up: armed before asking Redis, so that one during the call is kept.</summary>
            public Task<bool> Arm()
            {
                lock (this)
                {
                    if (_woken.Task.IsCompleted) _woken = NewSignal();
                    return _woken.Task;
                }
            }

            public void Wake()
            {
                TaskCompletionSource<bool> woken;
                lock (this) woken = _woken;
                woken.TrySetResult(true);
            }

            private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        private sealed class Lease : RateLimitLease
        {
            private readonly KeyState _state;
            private readonly string _id;
            private RedisRequestPacer? _pacer;

            public Lease(RedisRequestPacer pacer, KeyState state, string id)
            {
                _pacer = pacer;
                _state = state;
                _id = id;
            }

            public override bool IsAcquired => true;

            public override IEnumerable<string> MetadataNames => Array.Empty<string>();

            public override bool TryGetMetadata(string metadataName, out object? metadata)
            {
                metadata = null;
                return false;
            }

            protected override void Dispose(bool disposing)
            {
                Interlocked.Exchange(ref _pacer, null)?.Release(_state, _id);
                base.Dispose(disposing);
            }
        }
    }
}
