using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Redis.Tests.Servers;

namespace DigiCert.CertCentral.Redis.Tests.Pacing
{
    /// <summary>First come, first served across processes; a waiter that gives up leaves the line.</summary>
    public class FairnessTests
    {
        [Fact]
        public async Task Waiters_are_served_in_arrival_order_across_pacers()
        {
            await using var redis = await RedisServer.StartAsync();
            using var a = await PacerKit.ConnectAsync(redis);
            using var b = await PacerKit.ConnectAsync(redis);
            using var c = await PacerKit.ConnectAsync(redis);
            var pacers = new[] { a, b, c }.Select(connection => new RedisRequestPacer(connection, PacerKit.Options(null, PacerKit.Limit(1, 150)))).ToArray();
            var key = PacerKit.NewKey("FIFO");
            (await pacers[0].AcquireAsync(key, PacerKit.Deadline)).Dispose(); // the window is taken for 150 ms
            var order = new ConcurrentQueue<int>();
            var waiters = new List<Task>();
            var database = a.GetDatabase();
            for (var i = 0; i < 9; i++)
            {
                var number = i;
                var pacer = pacers[i % 3];
                waiters.Add(Task.Run(async () =>
                {
                    using var lease = await pacer.AcquireAsync(key, PacerKit.Deadline);
                    order.Enqueue(number);
                }));
                // The next one comes once this one is in the queue (or already served).
                var waited = Stopwatch.StartNew();
                while (await database.SortedSetLengthAsync(PacerKit.QueueKey(key)) + order.Count < number + 1)
                {
                    Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), $"waiter {number} never joined the queue");
                    await Task.Delay(1);
                }
            }

            await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(Enumerable.Range(0, 9), order);
            foreach (var pacer in pacers) pacer.Dispose();
        }

        [Fact]
        public async Task A_cancelled_waiter_leaves_the_queue_at_once()
        {
            await using var redis = await RedisServer.StartAsync();
            using var a = await PacerKit.ConnectAsync(redis);
            using var b = await PacerKit.ConnectAsync(redis);
            var key = PacerKit.NewKey("CANCEL");
            using var first = new RedisRequestPacer(a, PacerKit.Options(null, PacerKit.Limit(1, 300)));
            using var second = new RedisRequestPacer(b, PacerKit.Options(null, PacerKit.Limit(1, 300)));
            (await first.AcquireAsync(key, PacerKit.Deadline)).Dispose();
            using var giveUp = new CancellationTokenSource();
            var cancelled = first.AcquireAsync(key, giveUp.Token).AsTask();
            await Task.Delay(50);
            var behind = Stopwatch.StartNew();
            var next = second.AcquireAsync(key, PacerKit.Deadline).AsTask();
            await Task.Delay(50);

            giveUp.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
            (await next.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
            // Behind a ticket left in the queue it would wait for that ticket to run out (10 s).
            Assert.True(behind.Elapsed < TimeSpan.FromSeconds(2), $"the next waiter took {behind.Elapsed}");
        }
    }
}
