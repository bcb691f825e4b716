using System.Linq;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NSwag;

namespace DigiCert.CertCentral.ContractTests
{
    /// <summary>The recordings and the OpenAPI description agree (NSwag.Core.Yaml / NJsonSchema, in-process).</summary>
    public class SchemaTests
    {
        private static Task<OpenApiDocument> LoadDescriptionAsync() => Repo.LoadSpecAsync();

        public static TheoryData<string> JsonRecordings => Recording.Names(r => r.IsPlayback && r.BodyFileName!.EndsWith(".json"));

        private static JsonSchema ResponseSchema(OpenApiDocument document, Recording recording)
        {
            var operation = document.Operations.Single(o => o.Operation.OperationId == recording.OperationId).Operation;
            var response = operation.Responses.TryGetValue(recording.Status!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), out var declared)
                ? declared
                : operation.Responses["500"]; // an undeclared error status has the common error body
            return response.ActualResponse.Schema!;
        }

        [Theory]
        [MemberData(nameof(JsonRecordings))]
        public async Task The_recording_validates_against_the_response_schema(string name)
        {
            var recording = Recording.Named(name);
            var document = await LoadDescriptionAsync();

            var errors = ResponseSchema(document, recording).Validate(recording.Body);

            Assert.True(errors.Count == 0, $"{name} does not validate: " + string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind} {e.Property}")));
        }

        [Theory]
        [MemberData(nameof(JsonRecordings))]
        public async Task The_recording_has_no_undescribed_field_and_every_required_field(string name)
        {
            var recording = Recording.Named(name);
            var document = await LoadDescriptionAsync();

            var drift = SchemaDrift.Find(document, ResponseSchema(document, recording), JsonAssert.Parse(recording.Body));

            Assert.True(drift.Count == 0, $"{name} drifted from the description: " + string.Join("; ", drift));
        }

        [Fact]
        public async Task Drift_names_a_field_the_description_does_not_have_and_its_schema()
        {
            var document = await LoadDescriptionAsync();
            var recording = Recording.Named("listDuplicateCertificates.seed");
            var body = (JObject)JsonAssert.Parse(recording.Body);
            ((JObject)body["certificates"]![1]!)["auto_renew"] = 1;
            ((JObject)body["certificates"]![0]!["server_platform"]!)["docs_url"] = "http://x";

            var drift = SchemaDrift.Find(document, ResponseSchema(document, recording), body);

            Assert.Equal(new[]
            {
                "field 'docs_url' at $.certificates[0].server_platform is not described by schema ServerPlatform",
                "field 'auto_renew' at $.certificates[1] is not described by schema DuplicateCertificate",
            }, drift);
        }

        [Fact]
        public async Task Drift_names_a_missing_required_field_and_its_schema()
        {
            var document = await LoadDescriptionAsync();
            var recording = Recording.Named("getKeyInfo.apiKey");
            var body = (JObject)JsonAssert.Parse(recording.Body);
            body.Remove("is_legacy");
            ((JObject)body["user"]!).Remove("last_name");

            var drift = SchemaDrift.Find(document, ResponseSchema(document, recording), body);

            Assert.Equal(new[]
            {
                "required field 'last_name' of schema UserSummary is missing at $.user",
                "required field 'is_legacy' of schema KeyInfo is missing at $",
            }, drift);
        }

        [Fact]
        public async Task Validation_rejects_a_body_that_breaks_the_wire_format()
        {
            var document = await LoadDescriptionAsync();
            var recording = Recording.Named("getKeyInfo.acmeUrl");
            var body = (JObject)JsonAssert.Parse(recording.Body);
            body["validity_years"] = 2; // a number where the wire sends a string of digits

            var errors = ResponseSchema(document, recording).Validate(body.ToString());

            Assert.Contains(errors, e => e.Path!.Contains("validity_years"));
        }
    }
}
