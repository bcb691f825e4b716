using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace DigiCert.CertCentral.Samples.Tests
{
    /// <summary>The code of docs/ (Examples.cs) does what the pages say it does.</summary>
    public class ExamplesTests
    {
        [Fact]
        public async Task The_OpenTelemetry_setup_exports_a_span_per_call_one_per_attempt_and_the_metrics()
        {
            await using var server = await LoopbackCertCentral.StartAsync(statusOfRequest: n => n == 1 ? 503 : 200);
            var spans = new List<Activity>();
            var metrics = new List<Metric>();
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
            Examples.AddTelemetry(builder);
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
            builder.Services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics));
            builder.Services.AddCertCentralClient(options =>
            {
                options.ApiKey = "telemetry-canary-key-0123456789";
                options.BaseUri = server.BaseUri;
                options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            });
            using var host = builder.Build();
            await host.StartAsync();

            await host.Services.GetRequiredService<CertCentralClient>().GetOrganizationValidationsAsync(112233);
            host.Services.GetRequiredService<TracerProvider>().ForceFlush();
            host.Services.GetRequiredService<MeterProvider>().ForceFlush();
            await host.StopAsync();

            // Other tests of this assembly call getKeyInfo in this process; this one alone calls getOrganizationValidations.
            var call = Assert.Single(spans, s => s.DisplayName == "CertCentral getOrganizationValidations");
            Assert.Equal(ActivityKind.Internal, call.Kind);
            var attempts = spans.Where(s => s.ParentSpanId == call.SpanId).ToList();
            Assert.Equal(new[] { ActivityKind.Client, ActivityKind.Client }, attempts.Select(a => a.Kind));
            Assert.Equal(new object?[] { 503, 200 }, attempts.Select(a => a.GetTagItem("http.response.status_code")));
            Assert.Equal(1, attempts[1].GetTagItem("http.request.resend_count"));
            Assert.Contains(call.Events, e => e.Name == "retry");

            var names = metrics.Select(m => m.Name).ToList();
            Assert.Contains("http.client.request.duration", names);
            Assert.Contains("certcentral.client.rate_limit.wait.duration", names);
            Assert.Contains("certcentral.client.retries", names);
            Assert.DoesNotContain(spans.SelectMany(s => s.Tags), tag => tag.Value?.Contains("canary", StringComparison.Ordinal) == true);
        }

        [Fact]
        public async Task Key_rotation_sends_the_new_key_from_the_next_call()
        {
            await using var server = await LoopbackCertCentral.StartAsync();

            var (before, after) = await Examples.RotateKeyAsync(server.BaseUri, "first-key-0123456789", "second-key-0123456789");

            Assert.Equal(184, before.Id);
            Assert.Equal(184, after.Id);
            Assert.Equal(new[] { "first-key-0123456789", "second-key-0123456789" }, server.Requests.Select(r => r["X-DC-DEVKEY"]));
        }

        [Fact]
        public void Limits_added_in_code_replace_the_defaults()
        {
            var options = Examples.HalfTheLimits("key");

            Assert.Equal(new[] { "50 per 00:00:05", "500 per 00:03:00" }, options.RateLimits.Select(l => l.ToString()));
        }

        [Fact]
        public void The_shared_pacer_and_the_container_pacer_are_built_as_shown()
        {
            var (orders, keys, pacer) = Examples.SharedPacer("key");
            using (pacer)
            using (orders)
            using (keys)
            {
                Assert.Equal(RequestRateLimit.CertCentralDefaults.Length, ((DigiCert.CertCentral.Pacing.LocalRequestPacer)pacer).Limits.Count);
            }

            var services = new ServiceCollection();
            Examples.ContainerPacer(services);
            using var provider = services.BuildServiceProvider();
            Assert.IsType<DigiCert.CertCentral.Pacing.LocalRequestPacer>(provider.GetRequiredService<DigiCert.CertCentral.Pacing.RequestPacer>());
        }

        [Fact]
        public void Your_own_transport_gets_its_redirects_turned_off()
        {
            using var client = Examples.OwnTransport("key", new Uri("http://proxy.internal:3128"), out var transport);
            using (transport)
            {
                Assert.False(transport.AllowAutoRedirect);
                Assert.Equal(CertCentralClientOptions.UnitedStatesBaseUri, client.BaseUri);
            }
        }

        [Fact]
        public async Task The_call_policy_and_the_attempt_handler_run_where_the_page_says_and_never_see_the_key()
        {
            // Three concurrent calls; the first request of all gets a 503 and is retried.
            await using var server = await LoopbackCertCentral.StartAsync(statusOfRequest: n => n == 1 ? 503 : 200, delay: TimeSpan.FromMilliseconds(100));
            var seenByHandlers = new ConcurrentBag<string>();
            var options = Examples.WithInsertionPoints(new CertCentralClientOptions
            {
                ApiKey = "insertion-canary-key-0123456789",
                BaseUri = server.BaseUri,
                RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            });
            options.AttemptHandlers.Add(() => new Probe(seenByHandlers)); // inside CorrelationHandler, above the key
            using var client = new CertCentralClient(options);

            await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.GetKeyInfoAsync(184)));

            Assert.Equal(7, server.Requests.Count); // 6 calls, one retried
            Assert.True(server.MaxConcurrentRequests <= 4, $"{server.MaxConcurrentRequests} requests at once through a bulkhead of 4");
            Assert.All(server.Requests, r => Assert.Equal(32, r["X-Correlation-Id"].Length));
            Assert.All(server.Requests, r => Assert.Equal("insertion-canary-key-0123456789", r["X-DC-DEVKEY"]));
            Assert.Equal(7, seenByHandlers.Count); // each attempt
            Assert.DoesNotContain(seenByHandlers, headers => headers.Contains("canary", StringComparison.Ordinal) || headers.Contains("X-DC-DEVKEY", StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>Writes down the request headers an attempt handler sees.</summary>
        private sealed class Probe(ConcurrentBag<string> seen) : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                seen.Add(request.Headers.ToString());
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
