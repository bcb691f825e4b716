using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.OpenApi.Tests.GeneratedClients
{
    /// <summary>
    /// One way a client reads the recordings differently from this repository's client: where
    /// (a JSON path into the model, list items as []; "(outcome)" for the kind of answer) and
    /// what each reads there (a JSON type, "absent", or the kind of answer).
    /// </summary>
    public sealed record Difference(string Where, string Ours, string Theirs)
    {
        public override string ToString() => $"`{Where}`: ours reads {Ours}, the client {Theirs}";
    }

    internal static class Comparison
    {
        public const string OutcomePath = "(outcome)";

        /// <summary>Every difference between two clients' outcomes, with the recordings that show it.</summary>
        public static Dictionary<Difference, List<string>> Differences(IReadOnlyDictionary<string, JObject> ours, IReadOnlyDictionary<string, JObject> theirs)
        {
            var found = new Dictionary<Difference, List<string>>();
            foreach (var (recording, expected) in ours.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                var actual = theirs.TryGetValue(recording, out var outcome) ? outcome : null;
                foreach (var difference in Compare(expected, actual).Distinct())
                {
                    if (!found.TryGetValue(difference, out var recordings)) found[difference] = recordings = new List<string>();
                    recordings.Add(recording);
                }
            }

            return found;
        }

        /// <summary>The differences in one recording's outcome. The "detail" text is for people and never compared.</summary>
        public static IEnumerable<Difference> Compare(JObject ours, JObject? theirs)
        {
            if (theirs is null)
            {
                yield return new Difference(OutcomePath, Outcome.Kind(ours), "no outcome (the call was not made)");
                yield break;
            }

            var (ourKind, theirKind) = (Outcome.Kind(ours), Outcome.Kind(theirs));
            if (ourKind != theirKind)
            {
                yield return new Difference(OutcomePath, ourKind, theirKind);
                yield break;
            }

            var (ourValue, theirValue, root) = ours.ContainsKey("read") ? (ours["read"], theirs["read"], "") : (ours["errors"], theirs["errors"], "errors");
            foreach (var difference in Compare(ourValue, theirValue, root)) yield return difference;
        }

        private static IEnumerable<Difference> Compare(JToken? ours, JToken? theirs, string path)
        {
            if (ours is JObject ourObject && theirs is JObject theirObject)
            {
                foreach (var name in ourObject.Properties().Select(p => p.Name).Union(theirObject.Properties().Select(p => p.Name)).Distinct())
                {
                    foreach (var difference in Compare(ourObject[name], theirObject[name], path.Length == 0 ? name : path + "." + name)) yield return difference;
                }
            }
            else if (ours is JArray ourArray && theirs is JArray theirArray)
            {
                for (var i = 0; i < Math.Max(ourArray.Count, theirArray.Count); i++)
                {
                    foreach (var difference in Compare(i < ourArray.Count ? ourArray[i] : null, i < theirArray.Count ? theirArray[i] : null, path + "[]")) yield return difference;
                }
            }
            else if (!JToken.DeepEquals(ours, theirs))
            {
                var (ourType, theirType) = (TypeOf(ours), TypeOf(theirs));
                yield return new Difference(path.Length == 0 ? "(model)" : path, ourType, ourType == theirType ? "another " + theirType : theirType);
            }
        }

        private static string TypeOf(JToken? value) => value?.Type switch
        {
            null => "absent",
            JTokenType.Null => "null",
            JTokenType.String => "a string",
            JTokenType.Integer or JTokenType.Float => "a number",
            JTokenType.Boolean => "a boolean",
            JTokenType.Object => "an object",
            JTokenType.Array => "a list",
            JTokenType other => other.ToString(),
        };

        /// <summary>
        /// The differences openapi/README.md documents for each client: the rows of its table whose
        /// header is <see cref="TableHeader"/> (client, where, ours, theirs, advice).
        /// </summary>
        public static ILookup<string, Difference> Documented(string readme)
        {
            var lines = File.ReadAllLines(readme);
            var start = Array.FindIndex(lines, l => l.Trim() == TableHeader);
            if (start < 0) throw new InvalidDataException($"{readme} has no table headed '{TableHeader}'.");
            return lines.Skip(start + 2)
                .TakeWhile(l => l.StartsWith('|'))
                .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())
                .ToLookup(cells => cells[0], cells => new Difference(Unquote(cells[1]), cells[2], cells[3]));
        }

        public const string TableHeader = "| client | where | this repository's client reads | the generated client reads | advice |";

        private static string Unquote(string cell) => Regex.Replace(cell, "^`(.*)`$", "$1");
    }
}
