using System;
using System.Threading.Tasks;
using DigiCert.CertCentral;
using DigiCert.CertCentral.Redis;
using StackExchange.Redis;

namespace FleetPacing
{
    /// <summary>
    /// Makes N ListDuplicateCertificates calls through a client paced through Redis, then prints one
    /// JSON line. Run several at once with the same key and Redis: together they stay within the limits.
    /// </summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            Arguments arguments;
            try
            {
                arguments = Arguments.Parse(args);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                Console.Error.WriteLine(Arguments.Usage);
                return 2;
            }

            ConnectionMultiplexer redis;
            try
            {
                // Fails within ConnectTimeout (5 s) when Redis is unreachable; once connected, the
                // connection reconnects by itself, and meanwhile the pacer fails calls, unsent.
                redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
                {
                    EndPoints = { arguments.Redis },
                    ConnectTimeout = 5000,
                    ConnectRetry = 1, // one attempt: the default three can take 15 s to say no
                    AbortOnConnectFail = true,
                });
            }
            catch (RedisConnectionException e)
            {
                Console.Error.WriteLine($"error: cannot connect to Redis at {arguments.Redis}: {e.Message}");
                return 3;
            }

            using (redis)
            {
                var pacerOptions = new RedisRequestPacerOptions();
                pacerOptions.Limits.Clear();
                foreach (var limit in arguments.Limits) pacerOptions.Limits.Add(limit);
                using var pacer = new RedisRequestPacer(redis, pacerOptions);
                CertCentralClient client;
                try
                {
                    client = new CertCentralClient(new CertCentralClientOptions { ApiKey = arguments.ApiKey, BaseUri = arguments.BaseUrl, Pacer = pacer });
                }
                catch (ArgumentException e)
                {
                    Console.Error.WriteLine("error: " + e.Message); // never shows the key
                    return 2;
                }

                using (client)
                {
                    Console.WriteLine(await Burst.RunAsync(client, arguments.Calls, arguments.Concurrency, arguments.OrderId));
                }
            }

            return 0;
        }
    }
}
