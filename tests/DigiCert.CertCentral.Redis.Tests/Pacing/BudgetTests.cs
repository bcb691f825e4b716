using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DigiCert.CertCentral.Pacing;
using DigiCert.CertCentral.Redis.Tests.Servers;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace DigiCert.CertCentral.Redis.Tests.Pacing
{
    /// <summary>Every process takes its permits from one budget, counted as the server counts.</summary>
    public class BudgetTests
    {
        private readonly ITestOutputHelper _output;

        public BudgetTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task Pacers_on_separate_connections_keep_every_window_wherever_a_request_arrives_between_permit_and_release()
        {
            await using var redis = await RedisServer.StartAsync();
            var limits = new[] { PacerKit.Limit(4, 200), PacerKit.Limit(10, 1000) };
            var connections = new List<ConnectionMultiplexer>();
            for (var i = 0; i < 3; i++) connections.Add(await PacerKit.ConnectAsync(redis));
            var pacers = connections.Select(c => new RedisRequestPacer(c, PacerKit.Options(null, limits))).ToArray();
            try
            {
                var arrivals = await PacerKit.BurstAsync(pacers, PacerKit.NewKey("EXACT"), 30);

                Assert.Equal(0, PacerKit.Violations(arrivals, limits));
                var minimum = RateLimitedServer.MinimumSpan(30, limits);
                _output.WriteLine($"30 requests through 3 pacers: {arrivals[^1] - arrivals[0]} first to last arrival; the limits allow {minimum} at best");
                Assert.True(arrivals[^1] - arrivals[0] >= minimum - TimeSpan.FromMilliseconds(50), "faster than the limits allow: the arrivals were not paced");
            }
            finally
            {
                foreach (var pacer in pacers) pacer.Dispose();
                foreach (var connection in connections) connection.Dispose();
            }
        }

        [Fact]
        public async Task The_window_check_catches_pacers_that_pace_alone()
        {
            var limits = new[] { PacerKit.Limit(4, 200), PacerKit.Limit(10, 1000) };
            var pacers = Enumerable.Range(0, 3).Select(_ => new LocalRequestPacer(limits)).ToArray();

            var arrivals = await PacerKit.BurstAsync(pacers, PacerKit.NewKey("ALONE"), 30);

            Assert.True(PacerKit.Violations(arrivals, limits) > 0, "three pacers pacing alone kept one budget: the check cannot fail");
            foreach (var pacer in pacers) pacer.Dispose();
        }
    }
}
