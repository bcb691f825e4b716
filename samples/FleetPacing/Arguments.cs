using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using DigiCert.CertCentral;

namespace FleetPacing
{
    /// <summary>The command line (the issue's acceptance contract: nothing more, nothing less).</summary>
    internal sealed class Arguments
    {
        public const string Usage =
            "usage: FleetPacing --base-url URL --api-key KEY --redis HOST:PORT [--limit PERMITS/WINDOW]... --calls N [--concurrency 16] [--order-id 1]\n" +
            "       WINDOW is a whole number of ms, s or m (500ms, 6s, 3m); the --limit options replace CertCentral's 100/5s and 1000/3m.";

        private static readonly Regex LimitPattern = new Regex("^([0-9]+)/([0-9]+)(ms|s|m)$", RegexOptions.CultureInvariant);

        public Uri BaseUrl { get; private set; } = null!;
        public string ApiKey { get; private set; } = null!;
        public string Redis { get; private set; } = null!;
        public List<RequestRateLimit> Limits { get; } = new List<RequestRateLimit>();
        public int Calls { get; private set; } = -1;
        public int Concurrency { get; private set; } = 16;
        public long OrderId { get; private set; } = 1;

        public static Arguments Parse(string[] args)
        {
            var parsed = new Arguments();
            for (var i = 0; i < args.Length; i++)
            {
                var name = args[i];
                if (i + 1 >= args.Length) throw new ArgumentException($"{name} needs a value.");
                var value = args[++i];
                switch (name)
                {
                    case "--base-url":
                        parsed.BaseUrl = Uri.TryCreate(value, UriKind.Absolute, out var url) ? url : throw new ArgumentException($"--base-url must be an absolute URL; got '{value}'.");
                        break;
                    case "--api-key":
                        parsed.ApiKey = value;
                        break;
                    case "--redis":
                        parsed.Redis = value.Contains(':', StringComparison.Ordinal) ? value : throw new ArgumentException($"--redis must be HOST:PORT; got '{value}'.");
                        break;
                    case "--limit":
                        parsed.Limits.Add(ParseLimit(value));
                        break;
                    case "--calls":
                        parsed.Calls = Positive(name, value, allowZero: true);
                        break;
                    case "--concurrency":
                        parsed.Concurrency = Positive(name, value, allowZero: false);
                        break;
                    case "--order-id":
                        parsed.OrderId = Positive(name, value, allowZero: false);
                        break;
                    default:
                        throw new ArgumentException($"unknown option '{name}'.");
                }
            }

            if (parsed.BaseUrl is null) throw new ArgumentException("--base-url is required.");
            if (string.IsNullOrEmpty(parsed.ApiKey)) throw new ArgumentException("--api-key is required.");
            if (parsed.Redis is null) throw new ArgumentException("--redis is required.");
            if (parsed.Calls < 0) throw new ArgumentException("--calls is required.");
            if (parsed.Limits.Count == 0) parsed.Limits.AddRange(RequestRateLimit.CertCentralDefaults);
            return parsed;
        }

        private static RequestRateLimit ParseLimit(string value)
        {
            var match = LimitPattern.Match(value);
            if (!match.Success) throw new ArgumentException($"--limit must be PERMITS/WINDOW, the window in ms, s or m (10/1s, 40/6s, 100/500ms, 1000/3m); got '{value}'.");
            var permits = Positive("--limit", match.Groups[1].Value, allowZero: false);
            var amount = Positive("--limit", match.Groups[2].Value, allowZero: false);
            var window = match.Groups[3].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                _ => TimeSpan.FromMinutes(amount),
            };
            return new RequestRateLimit(permits, window);
        }

        private static int Positive(string name, string value, bool allowZero) =>
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && (number > 0 || (allowZero && number == 0))
                ? number
                : throw new ArgumentException($"{name} must be a {(allowZero ? "non-negative" : "positive")} whole number; got '{value}'.");
    }
}
