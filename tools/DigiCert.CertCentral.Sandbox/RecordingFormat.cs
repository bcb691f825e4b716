using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.Sandbox
{
    /// <summary>
    /// The repository's recording format: WireMock.org (Java WireMock) mappings in mappings/ and
    /// their bodies in __files/, one pair per operation and scenario, named
    /// &lt;operationId&gt;.&lt;scenario&gt;.json. Written by the recorder, read by the player and the tests.
    /// </summary>
    public static class RecordingFormat
    {
        /// <summary>The header that carries the API key: matched on presence only, never recorded.</summary>
        public const string KeyHeader = "X-DC-DEVKEY";

        /// <summary>The three operations: how a scenario's ID becomes the request path (as in openapi/certcentral.yaml).</summary>
        public static IReadOnlyDictionary<string, Func<long, string>> Operations { get; } = new Dictionary<string, Func<long, string>>(StringComparer.Ordinal)
        {
            ["listDuplicateCertificates"] = id => $"/services/v2/order/certificate/{id}/duplicate",
            ["getKeyInfo"] = id => $"/services/v2/key/{id}",
            ["getOrganizationValidations"] = id => $"/services/v2/organization/{id}/validation",
        };

        private static readonly Regex ScenarioSpec = new Regex(@"^(\w+)\.(\w+)=(\d+)(,archived)?$");

        /// <summary>Reads <c>&lt;operationId&gt;.&lt;scenario&gt;=&lt;id&gt;[,archived]</c>.</summary>
        public static Scenario ParseScenario(string spec)
        {
            var match = ScenarioSpec.Match(spec);
            if (!match.Success || !Operations.ContainsKey(match.Groups[1].Value))
            {
                throw new FormatException($"bad scenario \"{spec}\": expected <operationId>.<scenario>=<id>[,archived] with operationId one of {string.Join(", ", Operations.Keys)}");
            }

            return new Scenario(match.Groups[1].Value, match.Groups[2].Value, long.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[4].Success);
        }

        /// <summary>The strict mapping that replays one recorded answer, with metadata saying which call replays it.</summary>
        public static JObject StrictMapping(Scenario scenario, int status, string? contentType, string bodyFileName)
        {
            var request = new JObject
            {
                ["method"] = "GET",
                ["urlPath"] = scenario.Path,
            };
            if (scenario.ShowArchived)
            {
                // Absent and "false" (the default) both read as not archived: only "true" needs a
                // matcher, in a recording placed ahead of the others (priority).
                request["queryParameters"] = new JObject { ["show_archived"] = new JObject { ["equalTo"] = "true" } };
            }

            request["headers"] = new JObject
            {
                [KeyHeader] = new JObject { ["matches"] = ".+" },
                ["Accept"] = new JObject { ["matches"] = AcceptsJson },
                ["Content-Type"] = new JObject { ["absent"] = true },
            };

            var response = new JObject
            {
                ["status"] = status,
                ["bodyFileName"] = bodyFileName,
            };
            if (contentType != null) response["headers"] = new JObject { ["Content-Type"] = contentType };

            var metadata = new JObject
            {
                ["operationId"] = scenario.OperationId,
                ["scenario"] = scenario.Name,
                ["id"] = scenario.Id,
            };
            if (scenario.ShowArchived) metadata["showArchived"] = true;

            var mapping = new JObject { ["name"] = scenario.FullName };
            if (scenario.ShowArchived) mapping["priority"] = 1;
            mapping["request"] = request;
            mapping["response"] = response;
            mapping["metadata"] = metadata;
            return mapping;
        }

        /// <summary>
        /// An Accept header that takes JSON: application/json (with parameters), application/* or
        /// */*, alone or in a list, as generated clients send it (fetch: */*; axios:
        /// "application/json, text/plain, */*"). This client's exact Accept is checked by its
        /// contract tests, not by the recordings, so other teams can replay them as they are.
        /// </summary>
        public const string AcceptsJson = "(?i).*(application/json|application/\\*|\\*/\\*).*";

        /// <summary>A recorded body as committed: JSON pretty-printed (values kept as sent), anything else as is.</summary>
        public static (string Text, string Extension) FormatBody(string raw)
        {
            try
            {
                using var reader = new JsonTextReader(new System.IO.StringReader(raw)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Decimal };
                var token = JToken.ReadFrom(reader);
                return (token.ToString(Formatting.Indented).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n", "json");
            }
            catch (JsonReaderException)
            {
                return (raw, Regex.IsMatch(raw, "<html", RegexOptions.IgnoreCase) ? "html" : "txt");
            }
        }

        /// <summary>A file as committed: 2-space JSON ending in a newline.</summary>
        public static string Serialize(JObject mapping) => mapping.ToString(Formatting.Indented).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";

        /// <summary>Why a text must not be written (it holds the key, or any literal key header value), or null.</summary>
        public static string? SecretIn(string text, string? apiKey)
        {
            if (!string.IsNullOrEmpty(apiKey) && text.Contains(apiKey, StringComparison.Ordinal)) return "it contains the API key";
            if (Regex.IsMatch(text, KeyHeader + "\"\\s*:\\s*\"", RegexOptions.IgnoreCase)) return "it contains an " + KeyHeader + " value";
            return null;
        }
    }

    /// <summary>One call to record or replay: an operation, a scenario name and the ID it is called with.</summary>
    public sealed record Scenario(string OperationId, string Name, long Id, bool ShowArchived)
    {
        /// <summary>&lt;operationId&gt;.&lt;scenario&gt;, the name of its files.</summary>
        public string FullName => OperationId + "." + Name;

        /// <summary>The request path.</summary>
        public string Path => RecordingFormat.Operations[OperationId](Id);

        /// <summary>The request path and query.</summary>
        public string PathAndQuery => Path + (ShowArchived ? "?show_archived=true" : string.Empty);
    }
}
