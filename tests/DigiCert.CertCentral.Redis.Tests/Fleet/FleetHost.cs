using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using DigiCert.CertCentral.Pacing;
using StackExchange.Redis;

namespace DigiCert.CertCentral.Redis.Tests.Fleet
{
    /// <summary>
    /// The sample's burst (its own Arguments and Burst, linked from samples/FleetPacing) with the
    /// knobs a test needs and the sample does not have: <c>--pacer local</c> (each process paces
    /// alone, as before this add-on), <c>--lease MS</c> and <c>--max-retries N</c>, given before
    /// the sample's options.
    /// </summary>
    internal static class FleetHost
    {
        public static async Task<int> RunAsync(string[] args)
        {
            var pacerKind = "redis";
            TimeSpan? lease = null;
            int? maxRetries = null;
            var rest = new List<string>();
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--pacer":
                        pacerKind = args[++i];
                        break;
                    case "--lease":
                        lease = TimeSpan.FromMilliseconds(int.Parse(args[++i], CultureInfo.InvariantCulture));
                        break;
                    case "--max-retries":
                        maxRetries = int.Parse(args[++i], CultureInfo.InvariantCulture);
                        break;
                    default:
                        rest.Add(args[i]);
                        break;
                }
            }

            var arguments = FleetPacing.Arguments.Parse(rest.ToArray());
            ConnectionMultiplexer? redis = null;
            RequestPacer pacer;
            if (pacerKind == "local")
            {
                pacer = new LocalRequestPacer(arguments.Limits);
            }
            else
            {
                redis = await ConnectionMultiplexer.ConnectAsync(arguments.Redis + ",connectTimeout=5000,connectRetry=1");
                var options = new RedisRequestPacerOptions();
                options.Limits.Clear();
                foreach (var limit in arguments.Limits) options.Limits.Add(limit);
                if (lease is TimeSpan duration) options.LeaseDuration = duration;
                pacer = new RedisRequestPacer(redis, options);
            }

            using (redis)
            using (pacer)
            {
                var clientOptions = new CertCentralClientOptions { ApiKey = arguments.ApiKey, BaseUri = arguments.BaseUrl, Pacer = pacer };
                if (maxRetries is int retries) clientOptions.MaxRetries = retries;
                using var client = new CertCentralClient(clientOptions);
                Console.WriteLine(await FleetPacing.Burst.RunAsync(client, arguments.Calls, arguments.Concurrency, arguments.OrderId));
            }

            return 0;
        }
    }
}
