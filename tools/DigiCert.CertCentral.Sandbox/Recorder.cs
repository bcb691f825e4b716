using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using WireMock.Settings;

namespace DigiCert.CertCentral.Sandbox
{
    /// <summary>
    /// Refreshes recordings from the live API: each call goes through WireMock.Net's proxy to the
    /// target, and the exchange it logged is written in the repository's format (one strict mapping
    /// and one body file per scenario). WireMock.Net saves nothing itself; the key reaches the
    /// target and no file.
    /// </summary>
    public static class Recorder
    {
        /// <summary>Records the scenarios into out/mappings and out/__files; returns the lines to print.</summary>
        public static async Task<IReadOnlyList<string>> RecordAsync(Uri target, string apiKey, string outputRoot, IReadOnlyList<Scenario> scenarios)
        {
            if (string.IsNullOrEmpty(apiKey)) throw new ArgumentException("the API key is empty", nameof(apiKey));
            var proxy = new ProxyAndRecordSettings
            {
                Url = target.ToString().TrimEnd('/'),
                SaveMapping = false,
                SaveMappingToFile = false,
                AllowAutoRedirect = false,
            };

            var written = new List<(Scenario Scenario, int Status, string? ContentType, string Body)>();
            var errors = new ErrorLog();
            using (var server = RecordingServer.StartEmpty(proxy: proxy, logger: errors))
            using (var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) })
            {
                foreach (var scenario in scenarios)
                {
                    server.ResetRequests();
                    errors.Clear();
                    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Origin, scenario.PathAndQuery));
                    request.Headers.TryAddWithoutValidation(RecordingFormat.KeyHeader, apiKey);
                    request.Headers.TryAddWithoutValidation("Accept", "application/json");
                    using (var response = await http.SendAsync(request).ConfigureAwait(false))
                    {
                        await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    }

                    // WireMock.Net answers 500 itself when the target cannot be reached: that is no recording.
                    var error = errors.First;
                    if (error != null) throw new RecordingException($"{scenario.FullName}: the proxy to {proxy.Url} failed: {error}");
                    var exchanges = server.Requests;
                    if (exchanges.Count != 1) throw new RecordingException($"{scenario.FullName}: expected one recorded exchange, got {exchanges.Count}");
                    var answer = exchanges[0].ResponseMessage;
                    var status = Convert.ToInt32(answer.StatusCode, System.Globalization.CultureInfo.InvariantCulture);
                    var contentType = answer.Headers?.FirstOrDefault(h => string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
                    var body = answer.BodyData?.BodyAsString
                        ?? (answer.BodyData?.BodyAsBytes is { } bytes ? Encoding.UTF8.GetString(bytes) : string.Empty);
                    written.Add((scenario, status, contentType, body));
                }
            }

            // Everything is checked before anything is written.
            var files = new List<(string Path, string Text)>();
            foreach (var (scenario, status, contentType, raw) in written)
            {
                var (body, extension) = RecordingFormat.FormatBody(raw);
                var bodyFileName = $"{scenario.FullName}.{extension}";
                var mapping = RecordingFormat.Serialize(RecordingFormat.StrictMapping(scenario, status, contentType, bodyFileName));
                files.Add((Path.Combine(outputRoot, "__files", bodyFileName), body));
                files.Add((Path.Combine(outputRoot, "mappings", scenario.FullName + ".json"), mapping));
            }

            foreach (var (path, text) in files)
            {
                var secret = RecordingFormat.SecretIn(text, apiKey);
                if (secret != null) throw new RecordingException($"refusing to write {Path.GetFileName(path)}: {secret}");
            }

            Directory.CreateDirectory(Path.Combine(outputRoot, "mappings"));
            Directory.CreateDirectory(Path.Combine(outputRoot, "__files"));
            foreach (var (path, text) in files) await File.WriteAllTextAsync(path, text, new UTF8Encoding(false)).ConfigureAwait(false);

            return written.Select(w => $"recorded {w.Scenario.FullName}: HTTP {w.Status} -> mappings/{w.Scenario.FullName}.json, __files/{w.Scenario.FullName}.{RecordingFormat.FormatBody(w.Body).Extension}").ToList();
        }
    }

    /// <summary>Keeps WireMock.Net's errors (a proxied call that failed), drops the rest of its log.</summary>
    internal sealed class ErrorLog : WireMock.Logging.IWireMockLogger
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _errors = new System.Collections.Concurrent.ConcurrentQueue<string>();

        // The first line: WireMock.Net appends the exception's stack trace to its message.
        public string? First => _errors.TryPeek(out var error) ? error.Split('\n')[0].TrimEnd('\r') : null;

        public void Clear() => _errors.Clear();

        public void Debug(string formatString, params object[] args)
        {
        }

        public void Info(string formatString, params object[] args)
        {
        }

        public void Warn(string formatString, params object[] args)
        {
        }

        // An exception argument is shown by its message, not its stack trace.
        public void Error(string formatString, params object[] args) =>
            _errors.Enqueue(string.Format(System.Globalization.CultureInfo.InvariantCulture, formatString, args.Select(a => a is Exception e ? e.Message : a).ToArray()));

        public void Error(string message, Exception exception) => _errors.Enqueue(message + " " + exception.Message);

        public void DebugRequestResponse(WireMock.Admin.Requests.LogEntryModel logEntryModel, bool isAdminRequest)
        {
        }
    }

    /// <summary>A recording that cannot be made or must not be written; its message is for the user.</summary>
    public sealed class RecordingException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public RecordingException(string message)
            : base(message)
        {
        }
    }
}
