using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Serialization;
using DigiCert.CertCentral.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace DigiCert.CertCentral.Tests.Serialization.WireVariants
{
    /// <summary>
    /// The generated wire-variant corpus (<see cref="WireVariantCorpus"/>) sent through the three
    /// operations over real HTTP, every outcome checked: the value its C# type defines, or a
    /// CertCentralException with the status and the JSON path. Runs in the machine's zone, and
    /// again in child processes east of UTC, west of it, and at +14.
    /// </summary>
    public class WireVariantCorpusTests
    {
        /// <summary>Set in a child process: the zone it was asked to run in.</summary>
        private const string ZoneVariable = "WIRE_CORPUS_TZ";

        private readonly ITestOutputHelper _output;

        public WireVariantCorpusTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task Every_variant_reads_as_expected_in_this_time_zone()
        {
            var askedZone = Environment.GetEnvironmentVariable(ZoneVariable);
            if (!string.IsNullOrEmpty(askedZone))
            {
                Assert.Equal(askedZone, TimeZoneInfo.Local.Id); // the child really runs in the zone asked for
            }

            var variants = WireVariantCorpus.Variants();
            var clock = Stopwatch.StartNew();
            Variant? current = null;
            await using var server = await LoopbackServer.StartAsync(async (context, number) =>
            {
                var variant = Volatile.Read(ref current)!;
                context.Response.StatusCode = variant.Status;
                context.Response.Headers.ContentType = variant.ContentType;
                if (number % 2 == 0) context.Response.ContentLength = variant.Body.Length; // else chunked: both read paths
                await context.Response.Body.WriteAsync(variant.Body);
            });
            var options = new CertCentralClientOptions { ApiKey = "wire-corpus-key", BaseUri = server.BaseUri, MaxRetries = 0 };
            options.RateLimits.Clear();
            using var client = new CertCentralClient(options);

            var mismatches = new List<string>();
            var failuresExpected = 0;
            foreach (var variant in variants)
            {
                Volatile.Write(ref current, variant);
                object? model = null;
                Exception? error = null;
                try
                {
                    model = variant.Operation switch
                    {
                        Operation.ListDuplicateCertificates => await client.ListDuplicateCertificatesAsync(1),
                        Operation.GetKeyInfo => await client.GetKeyInfoAsync(1),
                        _ => await client.GetOrganizationValidationsAsync(1),
                    };
                }
                catch (Exception e)
                {
                    error = e;
                }

                if (variant.Expected.Fails) failuresExpected++;
                var problem = variant.Expected.Fails ? CheckFailure(variant, error, model) : CheckValue(variant, error, model);
                if (problem != null) mismatches.Add($"{variant.Name}: {problem}");
            }

            var fields = WireVariantCorpus.Fields();
            _output.WriteLine($"Zone {TimeZoneInfo.Local.Id}: {variants.Count} variants over {fields.Count} fields of {fields.Select(f => f.Owner).Distinct().Count()} schemas; " +
                $"{variants.Count - failuresExpected} read as values, {failuresExpected} as CertCentralException; {mismatches.Count} mismatches; {clock.ElapsedMilliseconds} ms.");
            Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {variants.Count} variants did not read as expected:\n" + string.Join("\n", mismatches.Take(60)));
        }

        [Fact]
        public void The_corpus_covers_every_field_of_every_schema_the_operations_return()
        {
            var covered = WireVariantCorpus.Fields().Select(f => (f.Owner, f.Name)).ToHashSet();
            // Every field the description gives the schemas of the models the operations return.
            var schemas = Repo.LoadSpecJson()["components"]!["schemas"]!;
            var all = WireVariantCorpus.ModelTypes()
                .SelectMany(type => ((Newtonsoft.Json.Linq.JObject)schemas[type.Name]!["properties"]!).Properties().Select(p => (type, p.Name)))
                .ToList();

            Assert.True(all.Count > 40, $"Only {all.Count} fields found; the walk is broken.");
            var uncovered = all.Where(field => !covered.Contains(field)).Select(field => field.type.Name + "." + field.Item2).ToList();
            Assert.True(uncovered.Count == 0, "No variant covers: " + string.Join(", ", uncovered));
        }

        public static TheoryData<string> Zones => new TheoryData<string> { "Asia/Seoul", "America/Los_Angeles", "Pacific/Kiritimati" };

        [UnixOnlyTheory]
        [MemberData(nameof(Zones))]
        public async Task The_corpus_reads_the_same_in_another_time_zone(string zone)
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ZoneVariable))) return; // a child run does not start children of its own

            var test = typeof(WireVariantCorpusTests).FullName + "." + nameof(Every_variant_reads_as_expected_in_this_time_zone);
            var (exitCode, output) = await ChildProcess.RunAsync(
                "dotnet",
                new[] { "test", typeof(WireVariantCorpusTests).Assembly.Location, "--filter", "FullyQualifiedName=" + test, "--logger", "console;verbosity=detailed" },
                timeout: TimeSpan.FromMinutes(3),
                environment: new Dictionary<string, string?> { ["TZ"] = zone, [ZoneVariable] = zone });

            _output.WriteLine(output);
            Assert.True(exitCode == 0, $"The corpus failed in {zone}:\n{output}");
            Assert.Contains($"Zone {zone}:", output); // it ran, in that zone
            Assert.Matches(@"Passed:\s+1\b", output);
        }

        private static string? CheckFailure(Variant variant, Exception? error, object? model)
        {
            if (error is null) return "expected CertCentralException, but it read as " + Describe(variant, model);
            if (error is not CertCentralException failure) return $"expected CertCentralException, got {error.GetType().Name}: {error.Message}";
            if (failure.Status != variant.Status) return $"status {failure.Status}, expected {variant.Status}";
            if (!failure.Message.Contains("HTTP " + variant.Status)) return "the message does not give the status: " + failure.Message;
            if (variant.Status != 200)
            {
                // An error status: DigiCert's errors parsed, or the body shown; never a reading failure.
                if (variant.Body.Length > 0 && failure.Errors.Count == 0 && !failure.Message.Contains("The body is not DigiCert's error JSON")) return "neither errors nor an excerpt: " + failure.Message;
                if (variant.Name.Contains("DigiCert error") && (failure.ErrorCode != "not_found|order" || !failure.Message.Contains("not found"))) return $"errors not read: {failure.ErrorCode}; {failure.Message}";
                if (variant.Name.Contains("ISO-8859-1") && !failure.Message.Contains("Jörg")) return "the charset was not honoured: " + failure.Message;
                return null;
            }

            if (failure.InnerException is not JsonException) return "no JSON reason inside: " + failure.InnerException?.GetType().Name;
            if (variant.Field is { } field)
            {
                if (!failure.Message.Contains(field.Name)) return $"the message does not name '{field.Name}': {failure.Message}";
                if (field.ParentPath.Length > 0 && !failure.Message.Contains(field.ParentPath)) return $"the message does not give the path '{field.ParentPath}': {failure.Message}";
            }

            if (variant.Body.Length > 0)
            {
                if (string.IsNullOrEmpty(failure.ResponseBody)) return "ResponseBody is empty";
                if (failure.ResponseBody!.Length > 5000) return $"ResponseBody is not bounded ({failure.ResponseBody.Length} characters)";
                if (!failure.Message.Contains("Body: \"")) return "the message has no excerpt of the body: " + failure.Message;
            }

            return null;
        }

        private static string? CheckValue(Variant variant, Exception? error, object? model)
        {
            if (error != null) return $"expected a value, got {error.GetType().Name}: {error.Message}";
            if (variant.Check is { } check)
            {
                var actual = WireVariantCorpus.ValueAt(model!, check.Path);
                var problem = Compare(check.Kind, variant.Expected.Value, actual);
                if (problem != null) return $"{check.Path}: {problem}";
            }

            return OthersKept(variant, model!);
        }

        private static string? Compare(FieldKind kind, object? expected, object? actual)
        {
            if (expected is null) return actual is null ? null : $"expected null, got {actual}";
            if (expected is EmptyList) return actual is IList { Count: 0 } ? null : $"expected an empty list, got {actual ?? "null"}";
            if (actual is null) return $"expected {expected}, got null";
            switch (kind)
            {
                case FieldKind.Text:
                case FieldKind.StringSet:
                    return Equals(expected, actual.ToString()) ? null : $"expected \"{expected}\", got \"{actual}\"";
                case FieldKind.Int32:
                case FieldKind.Int64:
                    return Equals(expected, Convert.ToInt64(actual)) ? null : $"expected {expected}, got {actual}";
                case FieldKind.IntegerSet:
                    var raw = Convert.ToInt64(actual.GetType().GetProperty("Value")!.GetValue(actual));
                    return Equals(expected, raw) ? null : $"expected {expected}, got {raw}";
                case FieldKind.Flag:
                    return Equals(expected, actual) ? null : $"expected {expected}, got {actual}";
                case FieldKind.CalendarDate:
                    var date = (DateTime)actual;
                    return date == (DateTime)expected && date.Kind == DateTimeKind.Unspecified ? null : $"expected {expected:yyyy-MM-dd}, got {date:O} ({date.Kind})";
                case FieldKind.Timestamp:
                    var timestamp = (DateTimeOffset)actual;
                    var wanted = (DateTimeOffset)expected;
                    return timestamp == wanted && timestamp.Offset == wanted.Offset ? null : $"expected {wanted:O}, got {timestamp:O}";
                case FieldKind.Url:
                    var uri = (Uri)actual;
                    var wantedUri = (Uri)expected;
                    return uri.OriginalString == wantedUri.OriginalString && uri.IsAbsoluteUri == wantedUri.IsAbsoluteUri ? null : $"expected {wantedUri.OriginalString} (absolute: {wantedUri.IsAbsoluteUri}), got {uri.OriginalString} (absolute: {uri.IsAbsoluteUri})";
                case FieldKind.Nested:
                    return null; // present, as expected
                default:
                    return $"no comparison for {kind}";
            }
        }

        // One bad field must not cost the rest: every other element of the top-level list is read
        // and written back exactly as it was sent.
        private static string? OthersKept(Variant variant, object model)
        {
            if (variant.Json is not JObject sent || sent.Properties().FirstOrDefault()?.Value is not JArray sentArray) return null;
            var sentItems = sentArray.Where(item => item.Type != JTokenType.Null).ToList(); // null items are dropped
            var listName = sent.Properties().First().Name;
            var items = (IList)WireVariantCorpus.ValueAt(model, listName)!;
            if (items.Count != sentItems.Count) return $"{sentItems.Count} items sent, {items.Count} read";
            var mutated = variant.Field?.ParentPath is { Length: > 0 } parent && parent.StartsWith(listName + "[", StringComparison.Ordinal)
                ? int.Parse(parent.Substring(listName.Length + 1, parent.IndexOf(']') - listName.Length - 1))
                : -1;
            for (var i = 0; i < items.Count; i++)
            {
                if (i == mutated) continue;
                var back = JsonAssert.Parse(CertCentralJson.Serialize(items[i]!));
                if (!JToken.DeepEquals(back, sentItems[i])) return $"{listName}[{i}] changed: sent {sentItems[i].ToString(Formatting.None)}, read back {back.ToString(Formatting.None)}";
            }

            return null;
        }

        private static string Describe(Variant variant, object? model) =>
            variant.Check is { } check && model != null ? $"{check.Path} = {WireVariantCorpus.ValueAt(model, check.Path) ?? "null"}" : model?.GetType().Name ?? "null";
    }
}
