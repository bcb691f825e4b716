using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Sandbox
{
    /// <summary>
    /// certcentral-sandbox serve [--root DIR] [--port N]   (the installed tool; from a checkout:
    /// dotnet run --project tools/DigiCert.CertCentral.Sandbox -- serve ...)
    ///     Plays back recordings on 127.0.0.1 and prints the base URL. The default root is the
    ///     recordings the tool package carries, or tests/recordings when run from a checkout.
    ///     Runs until stopped (Ctrl+C or SIGTERM).
    /// dotnet run --project tools/DigiCert.CertCentral.Sandbox -- record --target URL [--out DIR] [--description FILE] SCENARIO ...
    ///     Refreshes recordings from the live API with the key in CERTCENTRAL_API_KEY. A SCENARIO is
    ///     operationId.name[=parameter=value&amp;...], operations and parameters as the description
    ///     (default: openapi/certcentral.yaml of the checkout) names them (RecordingFormat.ParseScenario).
    /// </summary>
    public static class Program
    {
        /// <summary>The environment variable the recorder reads the key from.</summary>
        public const string KeyVariable = "CERTCENTRAL_API_KEY";

        private const string Usage = "usage: serve [--root DIR] [--port N] | record --target URL [--out DIR] [--description FILE] operationId.scenario[=parameter=value&...] ...";

        /// <summary>Entry point.</summary>
        public static Task<int> Main(string[] args) =>
            RunAsync(args, Environment.GetEnvironmentVariable, Console.Out, Console.Error, WaitForCtrlC);

        /// <summary>Runs a command; the environment and output are parameters so the tests run it in process.</summary>
        public static async Task<int> RunAsync(IReadOnlyList<string> args, Func<string, string?> environment, TextWriter output, TextWriter error, Func<Task> serveUntil)
        {
            try
            {
                if (args.Count == 0) throw new RecordingException(Usage);
                var (options, rest) = Parse(args.Skip(1));
                switch (args[0])
                {
                    case "serve":
                        var root = Path.GetFullPath(options.GetValueOrDefault("root") ?? PackagedRoot() ?? CheckoutRoot());
                        using (var server = RecordingServer.Start(root, options.TryGetValue("port", out var port) ? int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) : null))
                        {
                            output.WriteLine($"WireMock.Net is playing back {root}");
                            output.WriteLine($"base URL: {server.BaseUri.ToString().TrimEnd('/')}");
                            output.Flush();
                            await serveUntil().ConfigureAwait(false);
                        }

                        return 0;
                    case "record":
                        var target = options.GetValueOrDefault("target") ?? throw new RecordingException("--target URL is required (the live API, e.g. https://www.digicert.com)");
                        var apiKey = environment(KeyVariable);
                        if (string.IsNullOrEmpty(apiKey)) throw new RecordingException($"set {KeyVariable} to the API key to record with");
                        if (rest.Count == 0) throw new RecordingException("name at least one scenario, such as getKeyInfo.apiKey=key_id=184");
                        var outputRoot = Path.GetFullPath(options.GetValueOrDefault("out") ?? CheckoutRoot());
                        var descriptionFile = options.GetValueOrDefault("description")
                            ?? RecordingFormat.FindDescription(AppContext.BaseDirectory)
                            ?? RecordingFormat.FindDescription(outputRoot)
                            ?? throw new RecordingException("cannot find openapi/certcentral.yaml above " + AppContext.BaseDirectory + ": pass --description FILE");
                        var description = ApiDescription.Load(descriptionFile);
                        var scenarios = rest.Select(spec => RecordingFormat.ParseScenario(description, spec)).ToList();
                        foreach (var line in await Recorder.RecordAsync(new Uri(target), apiKey, outputRoot, scenarios).ConfigureAwait(false))
                        {
                            output.WriteLine(line);
                        }

                        return 0;
                    default:
                        throw new RecordingException(Usage);
                }
            }
            catch (Exception e) when (e is RecordingException or FormatException or IOException or System.Net.Http.HttpRequestException)
            {
                error.WriteLine("error: " + e.Message);
                return 1;
            }
        }

        private static (Dictionary<string, string> Options, List<string> Arguments) Parse(IEnumerable<string> args)
        {
            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            var rest = new List<string>();
            using var e = args.GetEnumerator();
            while (e.MoveNext())
            {
                if (e.Current.StartsWith("--", StringComparison.Ordinal))
                {
                    var name = e.Current.Substring(2);
                    if (!e.MoveNext()) throw new RecordingException($"--{name} needs a value");
                    options[name] = e.Current;
                }
                else
                {
                    rest.Add(e.Current);
                }
            }

            return (options, rest);
        }

        // The recordings packed beside the installed tool's program (tools/net10.0/any/recordings).
        private static string? PackagedRoot()
        {
            var packaged = Path.Combine(AppContext.BaseDirectory, "recordings");
            return Directory.Exists(Path.Combine(packaged, "mappings")) ? packaged : null;
        }

        // tests/recordings of the repository this tool sits in (tools/DigiCert.CertCentral.Sandbox/bin/...).
        private static string CheckoutRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "recordings");
                if (Directory.Exists(Path.Combine(candidate, "mappings"))) return candidate;
            }

            throw new RecordingException("cannot find tests/recordings above " + AppContext.BaseDirectory + ": pass --root (serve) or --out (record)");
        }

        private static Task WaitForCtrlC()
        {
            var stopped = new TaskCompletionSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stopped.TrySetResult();
            };
            AppDomain.CurrentDomain.ProcessExit += (_, _) => stopped.TrySetResult();
            return stopped.Task;
        }
    }
}
