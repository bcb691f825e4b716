using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;
using WireMock;
using WireMock.Handlers;
using WireMock.Logging;
using WireMock.Matchers;
using WireMock.Matchers.Request;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace DigiCert.CertCentral.Sandbox
{
    /// <summary>
    /// WireMock.Net, in process on 127.0.0.1, replaying a root directory of WireMock.org mappings
    /// (mappings/) and bodies (__files/), as Java WireMock replays it with --root-dir.
    /// </summary>
    /// <remarks>
    /// WireMock.Net reads the mappings (<see cref="WireMockServer.ReadStaticWireMockOrgMappingAndAddOrUpdate"/>)
    /// but drops what this repository relies on; <see cref="Adapt"/> adds it back to the mapping it
    /// registered: the <c>absent</c> matchers (without them a request with a body would get a
    /// recorded answer), <c>fixedDelayMilliseconds</c>, and <c>fault</c>. WireMock.Net
    /// has two of Java WireMock's four faults; the other two become the nearest it has (see
    /// <see cref="Faults"/>). Bodies resolve from __files as in Java WireMock (<see cref="FilesRoot"/>).
    /// Header names match in any case, as in HTTP and Java WireMock, and query parameter names
    /// escaped or not (filters%5Bstatus%5D or filters[status]), as in Java WireMock (<see cref="SpellAsRecorded"/>).
    /// </remarks>
    public sealed class RecordingServer : IDisposable
    {
        /// <summary>
        /// Java WireMock's faults as WireMock.Net plays them: its fault type and the status it
        /// sends first. WireMock.Net's faults act on the body of an HTTP response (EMPTY_RESPONSE:
        /// no body; MALFORMED_RESPONSE_CHUNK: random bytes as the body; then it closes the
        /// connection). With status 0 its status line is "HTTP/1.1 0", which no client can read,
        /// so a fault that sends no valid response in Java WireMock (EMPTY_RESPONSE,
        /// CONNECTION_RESET_BY_PEER, RANDOM_DATA_THEN_CLOSE) gets status 0; MALFORMED_RESPONSE_CHUNK
        /// sends "200 OK, then garbage" in both. WireMock.Net cannot reset a connection or send
        /// bytes outside an HTTP response, so CONNECTION_RESET_BY_PEER and RANDOM_DATA_THEN_CLOSE
        /// are the nearest it has, not the same failure.
        /// </summary>
        public static IReadOnlyDictionary<string, (FaultType Fault, int Status)> Faults { get; } = new Dictionary<string, (FaultType Fault, int Status)>(StringComparer.Ordinal)
        {
            ["EMPTY_RESPONSE"] = (FaultType.EMPTY_RESPONSE, 0),
            ["CONNECTION_RESET_BY_PEER"] = (FaultType.EMPTY_RESPONSE, 0),
            ["RANDOM_DATA_THEN_CLOSE"] = (FaultType.MALFORMED_RESPONSE_CHUNK, 0),
            ["MALFORMED_RESPONSE_CHUNK"] = (FaultType.MALFORMED_RESPONSE_CHUNK, 200),
        };

        // Each loaded recording as written (WireMock.Net's mapping keeps no file name, and the
        // near-miss report names the file).
        private readonly Dictionary<Guid, (JObject Mapping, string File)> _sources = new Dictionary<Guid, (JObject Mapping, string File)>();

        // The header and query parameter names the loaded recordings match on, as they spell them (see SpellAsRecorded).
        private readonly RecordedNames _names;

        private RecordingServer(WireMockServer server, int port, RecordedNames names)
        {
            Server = server;
            Origin = new Uri($"http://127.0.0.1:{port}");
            _names = names;
        }

        /// <summary>The WireMock.Net server itself (its request log, mappings).</summary>
        public WireMockServer Server { get; }

        /// <summary>Where the server answers, like https://host in https://host/services/v2.</summary>
        public Uri Origin { get; }

        /// <summary>The base URL to point the client at.</summary>
        public Uri BaseUri => new Uri(Origin, "/services/v2/");

        /// <summary>Starts a server with no mappings (one to add a proxy to, say), on a free port unless given one.</summary>
        public static RecordingServer StartEmpty(int? port = null, ProxyAndRecordSettings? proxy = null, string? root = null, IWireMockLogger? logger = null)
        {
            // WireMock.Net listens on the loopback interfaces (127.0.0.1 and ::1) for this URL.
            var chosen = port ?? FreePort();
            var names = new RecordedNames();
            return new RecordingServer(
                WireMockServer.Start(new WireMockServerSettings
                {
                    Urls = new[] { $"http://127.0.0.1:{chosen}" },
                    FileSystemHandler = new FilesRoot(root ?? Path.GetTempPath()),
                    ProxyAndRecordSettings = proxy,
                    Logger = logger ?? new WireMockNullLogger(),
                    // Bodies are served and logged byte for byte, not re-serialized.
                    DisableJsonBodyParsing = true,
                    PreWireMockMiddlewareInit = app => ((IApplicationBuilder)app).Use(next => context => SpellAsRecorded(context, next, names)),
                }),
                chosen,
                names);
        }

        /// <summary>Starts a server replaying root's mappings/ and __files/.</summary>
        public static RecordingServer Start(string root, int? port = null)
        {
            var recordings = StartEmpty(port, root: root);
            try
            {
                foreach (var file in Directory.GetFiles(Path.Combine(root, "mappings"), "*.json").OrderBy(f => f, StringComparer.Ordinal))
                {
                    recordings.Load(file);
                }

                return recordings;
            }
            catch
            {
                recordings.Dispose();
                throw;
            }
        }

        /// <summary>Forgets the requests received so far.</summary>
        public void ResetRequests() => Server.ResetLogEntries();

        /// <summary>The request log, oldest first.</summary>
        public IReadOnlyList<ILogEntry> Requests => Server.LogEntries.OrderBy(e => e.RequestMessage.DateTime).ToList();

        /// <summary>
        /// Null when every request matched a recording; otherwise, for each request that did not,
        /// the closest recording and what differs: each of its matchers is scored against the
        /// request (WireMock.Net's matchers, as for its own partial match), and a different path
        /// counts as further away than any header or query parameter.
        /// </summary>
        public string? NearMissReport()
        {
            var unmatched = Requests.Where(e => e.MappingGuid is null).ToList();
            if (unmatched.Count == 0) return null;

            var report = new StringBuilder("A request matched no recording. WireMock's near misses:\n");
            foreach (var entry in unmatched)
            {
                var request = entry.RequestMessage;
                report.AppendLine($"- {request.Method} {request.Path}{request.RawQuery}");
                var headers = (request.Headers ?? new Dictionary<string, WireMock.Types.WireMockList<string>>())
                    .Select(h => h.Key + ": " + (string.Equals(h.Key, RecordingFormat.KeyHeader, StringComparison.OrdinalIgnoreCase) ? "(set)" : string.Join(",", h.Value)));
                report.AppendLine("  sent headers:  " + string.Join("; ", headers));
                var closest = _sources
                    .Select(s => (Source: s.Value, Misses: Misses(Server.Mappings.Single(m => m.Guid == s.Key), request)))
                    .OrderBy(c => c.Misses.Sum(m => m.Weight))
                    .ThenBy(c => (string?)c.Source.Mapping["name"], StringComparer.Ordinal)
                    .FirstOrDefault();
                if (closest.Source.Mapping is null)
                {
                    report.AppendLine("  no recordings are loaded");
                    continue;
                }

                report.AppendLine($"  closest recording '{closest.Source.Mapping["name"]}' ({closest.Source.File}), which differs in:");
                foreach (var miss in closest.Misses) report.AppendLine("    " + miss.What + " expects " + miss.Expected);
            }

            return report.ToString();
        }

        private static List<(string What, string Expected, int Weight)> Misses(IMapping mapping, IRequestMessage request)
        {
            var misses = new List<(string What, string Expected, int Weight)>();
            if (mapping.RequestMatcher is not Request builder) return misses;
            foreach (var matcher in builder.GetRequestMessageMatchers<IRequestMatcher>())
            {
                if (matcher.GetMatchingScore(request, new RequestMatchResult()) >= MatchScores.Perfect) continue;
                misses.Add(matcher switch
                {
                    RequestMessagePathMatcher path => ("path", Describe(path.Matchers?.ToArray(), path.Behaviour), 10),
                    RequestMessageHeaderMatcher header => ("header " + header.Name, Describe(header.Matchers, header.MatchBehaviour), 1),
                    RequestMessageParamMatcher param => ("query parameter " + param.Key, Describe(param.Matchers?.ToArray(), param.MatchBehaviour), 1),
                    _ => (matcher.GetType().Name, "a match", 1),
                });
            }

            return misses;
        }

        private static string Describe(IReadOnlyList<IStringMatcher>? matchers, MatchBehaviour behaviour) =>
            behaviour == MatchBehaviour.RejectOnMatch
                ? "to be absent"
                : matchers is null || matchers.Count == 0 ? "to be present" : string.Join(" or ", matchers.Select(m => Describe(m, behaviour)));

        private static string Describe(IStringMatcher matcher, MatchBehaviour behaviour) =>
            (behaviour == MatchBehaviour.RejectOnMatch ? "not " : string.Empty) + matcher.Name + " " + string.Join(",", matcher.GetPatterns().Select(p => p.IsFirst ? p.First : p.Second.Pattern));

        /// <inheritdoc/>
        public void Dispose()
        {
            Server.Stop();
            Server.Dispose();
        }

        private void Load(string file)
        {
            var before = Server.Mappings.Select(m => m.Guid).ToHashSet();
            Server.ReadStaticWireMockOrgMappingAndAddOrUpdate(file);
            var added = Server.Mappings.Where(m => !before.Contains(m.Guid)).ToList();
            if (added.Count != 1) throw new InvalidDataException($"{file}: WireMock.Net read {added.Count} mappings from it; expected one");
            var source = JObject.Parse(File.ReadAllText(file));
            Adapt(added[0], source, file);
            foreach (var header in (source["request"]?["headers"] as JObject)?.Properties() ?? Enumerable.Empty<JProperty>())
            {
                _names.Headers[header.Name] = header.Name;
            }

            foreach (var parameter in (source["request"]?["queryParameters"] as JObject)?.Properties() ?? Enumerable.Empty<JProperty>())
            {
                _names.Query[parameter.Name] = parameter.Name;
            }

            _sources.Add(added[0].Guid, (source, Path.GetFileName(Path.GetDirectoryName(file)!) + "/" + Path.GetFileName(file)));
        }

        /// <summary>
        /// WireMock.Net looks a request header up by name case-sensitively, and Kestrel keeps the
        /// case an unknown header was sent in; HTTP header names have no case, and Java WireMock
        /// ignores it. So a client that sends <c>x-dc-devkey</c> (Kiota's fetch client, any HTTP/2
        /// client) would match no recording. Likewise WireMock.Net does not unescape query parameter
        /// names (Java WireMock does), so <c>filters%5Bstatus%5D</c>, as most clients send it, would
        /// not match a recording of <c>filters[status]</c>. Each request's header and query
        /// parameter names are respelled as the recordings spell them before WireMock.Net sees them
        /// (so its request log shows query names unescaped: <see cref="QueryNamesUnescaped"/>).
        /// </summary>
        private static Task SpellAsRecorded(HttpContext context, RequestDelegate next, RecordedNames recorded)
        {
            var headers = context.Request.Headers;
            foreach (var sent in headers.Keys.ToList())
            {
                if (recorded.Headers.TryGetValue(sent, out var name) && !string.Equals(sent, name, StringComparison.Ordinal))
                {
                    var value = headers[sent];
                    headers.Remove(sent);
                    headers[name] = value;
                }
            }

            var query = context.Request.QueryString.Value;
            if (!string.IsNullOrEmpty(query) && query.Contains('%', StringComparison.Ordinal))
            {
                var respelled = QueryNamesUnescaped(query, name => recorded.Query.ContainsKey(name));
                if (respelled != query) context.Request.QueryString = new QueryString(respelled);
            }

            return next(context);
        }

        /// <summary>A path and query with each query parameter name unescaped where <paramref name="unescape"/> says so (every name when null); values as they are.</summary>
        public static string QueryNamesUnescaped(string pathAndQuery, Func<string, bool>? unescape = null)
        {
            var at = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
            if (at < 0) return pathAndQuery;
            return pathAndQuery.Substring(0, at + 1) + string.Join("&", pathAndQuery.Substring(at + 1).Split('&').Select(pair =>
            {
                var end = pair.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString(end < 0 ? pair : pair.Substring(0, end));
                return unescape == null || unescape(name) ? name + (end < 0 ? string.Empty : pair.Substring(end)) : pair;
            }));
        }

        private static void Adapt(IMapping mapping, JObject source, string file)
        {
            var request = (IRequestBuilder)mapping.RequestMatcher;
            foreach (var header in Absent(source["request"]?["headers"]))
            {
                request.WithHeader(header, "*", MatchBehaviour.RejectOnMatch);
            }

            foreach (var parameter in Absent(source["request"]?["queryParameters"]))
            {
                request.WithParam(parameter, MatchBehaviour.RejectOnMatch);
            }

            var response = (IResponseBuilder)mapping.Provider;
            if (source["response"]?["fixedDelayMilliseconds"] is JValue delay)
            {
                response.WithDelay((int)delay);
            }

            if (source["response"]?["fault"] is JValue fault)
            {
                var name = (string)fault!;
                if (!Faults.TryGetValue(name, out var played)) throw new InvalidDataException($"{file}: WireMock.Net cannot play the fault {name}");
                response.WithStatusCode(played.Status).WithFault(played.Fault);
            }
        }

        private static IEnumerable<string> Absent(JToken? matchers) =>
            (matchers as JObject)?.Properties().Where(p => p.Value["absent"]?.Value<bool>() == true).Select(p => p.Name) ?? Enumerable.Empty<string>();

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }
            finally
            {
                listener.Stop();
            }
        }

        // The header names (any case) and query parameter names the loaded recordings use.
        private sealed class RecordedNames
        {
            public ConcurrentDictionary<string, string> Headers { get; } = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

            public ConcurrentDictionary<string, string> Query { get; } = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        }

        /// <summary>
        /// Resolves a mapping's bodyFileName from root/__files, where Java WireMock looks
        /// (WireMock.Net's own handler looks under root/__admin/mappings).
        /// </summary>
        private sealed class FilesRoot : LocalFileSystemHandler
        {
            private readonly string _files;

            public FilesRoot(string root)
                : base(root) => _files = Path.Combine(root, "__files");

            public override byte[] ReadResponseBodyAsFile(string path) => File.ReadAllBytes(Resolve(path));

            public override string ReadResponseBodyAsString(string path) => File.ReadAllText(Resolve(path));

            private string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(_files, path);
        }
    }
}
