using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using NSwag;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.Tests
{
    /// <summary>
    /// The hand-written parts of the client agree with the OpenAPI description
    /// (openapi/certcentral.yaml): its servers, its security scheme, its version, its operations,
    /// and its examples with the recordings.
    /// </summary>
    public class DescriptionConsistencyTests
    {
        [Fact]
        public async Task Regions_are_the_description_servers()
        {
            var spec = await Repo.LoadSpecAsync();

            Assert.Equal(
                spec.Servers.Select(s => s.Url.TrimEnd('/') + "/"),
                new[] { CertCentralClientOptions.UnitedStatesBaseUri.AbsoluteUri, CertCentralClientOptions.EuropeBaseUri.AbsoluteUri });
        }

        [Fact]
        public async Task The_key_header_is_the_description_security_scheme()
        {
            var spec = await Repo.LoadSpecAsync();

            var scheme = Assert.Single(spec.Components.SecuritySchemes).Value;
            Assert.Equal(OpenApiSecurityApiKeyLocation.Header, scheme.In);
            Assert.Equal(DigiCert.CertCentral.Pipeline.ApiKeyHandler.HeaderName, scheme.Name);
        }

        [Fact]
        public async Task The_assembly_records_the_description_version_it_was_generated_from()
        {
            var spec = await Repo.LoadSpecAsync();
            var recorded = typeof(CertCentralClient).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "CertCentralDescriptionVersion").Value;

            Assert.Equal(spec.Info.Version, recorded); // the package has its own version (src/Directory.Build.props)
        }

        /// <summary>
        /// Each success example of each operation (responses.200, by its key) beside the recording
        /// named after it, &lt;operationId&gt;.&lt;example key&gt;.json, where there is one: the pairs come
        /// from the description, so an added operation's examples are compared too.
        /// </summary>
        public static TheoryData<string, string> ExamplesWithRecordings()
        {
            var data = new TheoryData<string, string>();
            foreach (var (example, recording) in ExamplePairs()) data.Add(example, recording);
            return data;
        }

        // Every operation of the description, whatever its path and method.
        private static IEnumerable<JObject> Operations(JToken spec) =>
            ((JObject)spec["paths"]!).Properties().SelectMany(p => ((JObject)p.Value).Properties()).Select(o => o.Value).OfType<JObject>();

        private static IEnumerable<(string Example, string Recording)> ExamplePairs()
        {
            var spec = Repo.LoadSpecJson();
            foreach (var operation in Operations(spec))
            {
                var examples = operation["responses"]?["200"]?["content"]?["application/json"]?["examples"] as JObject;
                foreach (var example in examples?.Properties() ?? Enumerable.Empty<JProperty>())
                {
                    var recording = $"{operation["operationId"]}.{example.Name}.json";
                    if (System.IO.File.Exists(Repo.RecordingFile(recording))) yield return ($"{operation["operationId"]}.{example.Name}", recording);
                }
            }
        }

        [Theory]
        [MemberData(nameof(ExamplesWithRecordings))]
        public void Description_examples_are_the_recordings(string operationExample, string recording)
        {
            var spec = Repo.LoadSpecJson();
            var operationId = operationExample.Substring(0, operationExample.LastIndexOf('.'));
            var operation = Operations(spec).Single(o => (string?)o["operationId"] == operationId);
            var example = operation["responses"]!["200"]!["content"]!["application/json"]!["examples"]![operationExample.Substring(operationId.Length + 1)]!;
            if (example["$ref"] is JValue reference) example = spec["components"]!["examples"]![((string)reference!).Split('/').Last()]!;

            JsonAssert.Equal(Repo.Recording(recording), example["value"]!.ToString(Formatting.None));
        }

        [Fact]
        public void The_examples_compared_include_those_of_the_first_operations()
        {
            var recordings = ExamplePairs().Select(p => p.Recording).ToList();

            Assert.Subset(recordings.ToHashSet(), new HashSet<string> { "listDuplicateCertificates.seed.json", "getKeyInfo.apiKey.json", "getKeyInfo.acmeUrl.json", "getOrganizationValidations.seed.json" });
        }

        [Fact]
        public async Task Every_operation_of_the_description_is_a_public_method_pair_of_the_client()
        {
            var spec = await Repo.LoadSpecAsync();
            var operations = spec.Paths.SelectMany(p => p.Value.Select(o => o.Value.OperationId)).ToList();

            // The three this package started with stay; any operation added to the description joins them.
            Assert.Subset(operations.ToHashSet(), new HashSet<string> { "getKeyInfo", "getOrganizationValidations", "listDuplicateCertificates" });
            foreach (var id in operations)
            {
                var name = char.ToUpperInvariant(id[0]) + id.Substring(1);
                foreach (var method in new[] { name + "Async", name + "WithResponseAsync" })
                {
                    var found = typeof(CertCentralClient).GetMethod(method);
                    Assert.True(found is { IsPublic: true, IsVirtual: true }, $"CertCentralClient has no public virtual {method} for the operation {id}");
                }
            }
        }
    }
}
