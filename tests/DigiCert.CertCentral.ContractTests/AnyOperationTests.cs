using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Sandbox;
using DigiCert.CertCentral.Tests;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.ContractTests
{
    /// <summary>
    /// The recordings follow whatever GET operations a description has: against a made-up
    /// description (none of its operations is CertCentral's), scenarios are read, paths and queries
    /// built, mappings written, recorded, replayed on WireMock.Net and called on a client's
    /// &lt;OperationId&gt;Async by parameter names, with no code naming an operation.
    /// </summary>
    public class AnyOperationTests
    {
        private static readonly ApiDescription Widgets = ApiDescription.Parse("""
openapi: 3.0.3
info: {title: Widgets, version: 1.0.0}
servers:
  - url: https://widgets.example/api/v9
paths:
  /widgets:
    get:
      operationId: listWidgets
      parameters:
        - {name: offset, in: query, schema: {type: integer, default: 0}}
        - {name: limit, in: query, schema: {type: integer, default: 1000}}
        - {name: 'filters[kind]', in: query, schema: {type: string}}
      responses:
        '200': {description: A page., content: {application/json: {schema: {$ref: '#/components/schemas/WidgetList'}}}}
    post:
      operationId: addWidget
      responses:
        '201': {description: Added.}
  /widgets/{widget_id}/parts:
    parameters:
      - {$ref: '#/components/parameters/WidgetId'}
    get:
      operationId: listParts
      parameters:
        - {name: include_archived, in: query, schema: {type: boolean, default: false}}
        - {name: 'filters[kind]', in: query, schema: {type: string}}
      responses:
        '200': {description: The parts., content: {application/json: {schema: {type: object}}}}
  /shelves/{shelf}/widgets/{widget_id}:
    get:
      operationId: getShelvedWidget
      parameters:
        - {name: shelf, in: path, required: true, schema: {type: string}}
        - {$ref: '#/components/parameters/WidgetId'}
      responses:
        '200': {description: The widget., content: {application/json: {schema: {type: object}}}}
components:
  parameters:
    WidgetId: {name: widget_id, in: path, required: true, schema: {type: integer, format: int64}}
  schemas:
    WidgetList: {type: object}
""");

        [Fact]
        public void The_description_gives_each_GET_operation_its_path_and_parameters()
        {
            Assert.Equal(new[] { "listWidgets", "listParts", "getShelvedWidget" }, Widgets.Operations.Keys);
            Assert.Equal("/api/v9", Widgets.BasePath);
            var parts = Widgets.Operation("listParts");
            Assert.Equal("/widgets/{widget_id}/parts", parts.Path);
            Assert.Equal(new[] { "widget_id:path:True:integer", "include_archived:query:False:boolean", "filters[kind]:query:False:string" }, parts.Parameters.Select(p => $"{p.Name}:{p.In}:{p.Required}:{p.Type}"));
            Assert.Equal("WidgetList", Widgets.Operation("listWidgets").SuccessSchema);
        }

        [Theory]
        [InlineData("listParts.seed=widget_id=7", "/api/v9/widgets/7/parts")]
        [InlineData("listParts.seed=7", "/api/v9/widgets/7/parts")] // the short form: the only path parameter
        [InlineData("listParts.archived=7,archived", "/api/v9/widgets/7/parts?include_archived=true")] // ,flag: the boolean query parameter *_flag
        [InlineData("listParts.kind=filters[kind]=a b&widget_id=7&include_archived=false", "/api/v9/widgets/7/parts?filters%5Bkind%5D=a%20b")] // description order; a default is not sent
        [InlineData("listWidgets.seed", "/api/v9/widgets")]
        [InlineData("listWidgets.page2=limit=2&offset=5", "/api/v9/widgets?offset=5&limit=2")]
        [InlineData("getShelvedWidget.seed=shelf=top shelf&widget_id=3000000000", "/api/v9/shelves/top%20shelf/widgets/3000000000")]
        public void A_scenario_names_any_operation_and_its_parameters(string spec, string pathAndQuery)
        {
            var scenario = RecordingFormat.ParseScenario(Widgets, spec);

            Assert.Equal(spec.Split('=')[0], scenario.FullName);
            Assert.Equal(pathAndQuery, scenario.PathAndQuery);
        }

        [Theory]
        [InlineData("getOrderInfo.seed=12345", "unknown operation \"getOrderInfo\": the GET operations of the description are listWidgets, listParts, getShelvedWidget")]
        [InlineData("addWidget.seed", "unknown operation \"addWidget\"")]
        [InlineData("listParts.seed=widget_id=7&show_archived=true", "listParts has no parameter \"show_archived\"; its parameters are widget_id, include_archived, filters[kind]")]
        [InlineData("listParts.seed=include_archived=true", "listParts.seed: the required parameter widget_id is missing")]
        [InlineData("listParts.seed=widget_id=seven", "parameter widget_id: \"seven\" is not a integer")]
        [InlineData("getShelvedWidget.seed=7", "getShelvedWidget has 2 path parameters; name them")]
        [InlineData("listWidgets.seed=9", "listWidgets has 0 path parameters")]
        [InlineData("listWidgets", "expected <operationId>.<scenario>[=<parameter>=<value>&...]")]
        public void A_scenario_the_description_does_not_allow_fails_clearly(string spec, string message)
        {
            var error = Assert.Throws<FormatException>(() => RecordingFormat.ParseScenario(Widgets, spec));

            Assert.Contains(message, error.Message);
        }

        [Fact]
        public void The_mapping_matches_the_path_and_every_query_value_other_than_the_default()
        {
            var page = RecordingFormat.StrictMapping(RecordingFormat.ParseScenario(Widgets, "listWidgets.page2=offset=5&limit=1000&filters[kind]=round"), 200, "application/json", "listWidgets.page2.json");
            var first = RecordingFormat.StrictMapping(RecordingFormat.ParseScenario(Widgets, "listWidgets.seed"), 200, "application/json", "listWidgets.seed.json");

            Assert.Equal(1, (int)page["priority"]!); // ahead of the recordings without these values
            Assert.Equal("/api/v9/widgets", (string)page["request"]!["urlPath"]!);
            Assert.True(JToken.DeepEquals(JObject.Parse("""{"offset": {"equalTo": "5"}, "filters[kind]": {"equalTo": "round"}}"""), page["request"]!["queryParameters"]));
            Assert.True(JToken.DeepEquals(JObject.Parse("""{"operationId": "listWidgets", "scenario": "page2", "parameters": {"offset": 5, "limit": 1000, "filters[kind]": "round"}}"""), page["metadata"]));
            Assert.Null(first["priority"]);
            Assert.Null(first["request"]!["queryParameters"]);
        }

        [Fact]
        public void Metadata_is_read_in_both_forms()
        {
            var current = Scenario.FromMetadata(Widgets, JObject.Parse("""{"name": "listParts.archived", "metadata": {"operationId": "listParts", "scenario": "archived", "parameters": {"include_archived": true, "widget_id": 7}}}"""));
            var first = Scenario.FromMetadata(Widgets, JObject.Parse("""{"name": "listParts.archived", "metadata": {"operationId": "listParts", "scenario": "archived", "id": 7, "includeArchived": true}}"""));

            Assert.Equal("/api/v9/widgets/7/parts?include_archived=true", current.PathAndQuery);
            Assert.Equal(current.PathAndQuery, first.PathAndQuery);
            Assert.Equal(new[] { "widget_id", "include_archived" }, first.Parameters.Select(p => p.Name)); // the description's order
            var unknown = Assert.Throws<FormatException>(() => Scenario.FromMetadata(Widgets, JObject.Parse("""{"name": "x", "metadata": {"operationId": "getKeyInfo", "scenario": "x", "id": 1}}""")));
            Assert.Contains("unknown operation \"getKeyInfo\"", unknown.Message);
        }

        [Fact]
        public async Task Recordings_of_any_operation_are_recorded_and_replayed_on_WireMock_with_their_query()
        {
            // A "live" server replaying what the recorder should then reproduce.
            var live = Directory.CreateTempSubdirectory("certcentral-widgets-live-");
            var output = Directory.CreateTempSubdirectory("certcentral-widgets-recorded-");
            var descriptionFile = Path.Combine(live.FullName, "widgets.yaml");
            var specs = new[] { "listWidgets.seed", "listWidgets.page2=offset=5&limit=2", "listWidgets.round=filters[kind]=round", "listParts.seed=widget_id=7" };
            try
            {
                Directory.CreateDirectory(Path.Combine(live.FullName, "mappings"));
                Directory.CreateDirectory(Path.Combine(live.FullName, "__files"));
                foreach (var spec in specs)
                {
                    var scenario = RecordingFormat.ParseScenario(Widgets, spec);
                    File.WriteAllText(Path.Combine(live.FullName, "mappings", scenario.FullName + ".json"), RecordingFormat.Serialize(RecordingFormat.StrictMapping(scenario, 200, "application/json", scenario.FullName + ".json")));
                    File.WriteAllText(Path.Combine(live.FullName, "__files", scenario.FullName + ".json"), $"{{\n  \"scenario\": \"{scenario.FullName}\"\n}}\n");
                }

                // The description as a file, for the recorder's --description.
                File.WriteAllText(descriptionFile, new JObject
                {
                    ["openapi"] = "3.0.3",
                    ["servers"] = new JArray(new JObject { ["url"] = "https://widgets.example/api/v9" }),
                    ["paths"] = new JObject(Widgets.Operations.Values.Select(o => new JProperty(o.Path, new JObject
                    {
                        ["get"] = new JObject
                        {
                            ["operationId"] = o.Id,
                            ["parameters"] = new JArray(o.Parameters.Select(p => new JObject { ["name"] = p.Name, ["in"] = p.In, ["required"] = p.Required, ["schema"] = new JObject { ["type"] = p.Type, ["default"] = p.Default } })),
                        },
                    }))),
                }.ToString());
                using (var server = RecordingServer.Start(live.FullName))
                {
                    using var recordOutput = new StringWriter();
                    var exitCode = await Program.RunAsync(
                        new[] { "record", "--target", server.Origin.ToString().TrimEnd('/'), "--out", output.FullName, "--description", descriptionFile }.Concat(specs).ToList(),
                        name => name == Program.KeyVariable ? "WIDGETKEY" : null,
                        recordOutput,
                        recordOutput,
                        () => Task.CompletedTask);

                    Assert.True(exitCode == 0, recordOutput.ToString());
                    Assert.Null(server.NearMissReport());
                }

                foreach (var file in Directory.GetFiles(Path.Combine(live.FullName, "mappings")).Concat(Directory.GetFiles(Path.Combine(live.FullName, "__files"))))
                {
                    Assert.Equal(File.ReadAllText(file), File.ReadAllText(Path.Combine(output.FullName, Path.GetFileName(Path.GetDirectoryName(file))!, Path.GetFileName(file))));
                }

                // Replayed: each query, however a client spells it, reaches its recording.
                using var replay = RecordingServer.Start(output.FullName);
                using var http = new HttpClient();
                foreach (var (pathAndQuery, expected) in new[]
                {
                    ("widgets", "listWidgets.seed"),
                    ("widgets?offset=0", "listWidgets.seed"), // the default, sent
                    ("widgets?offset=5&limit=2", "listWidgets.page2"),
                    ("widgets?limit=2&offset=5", "listWidgets.page2"),
                    ("widgets?filters%5Bkind%5D=round", "listWidgets.round"), // escaped, as Kiota and this client send it
                    ("widgets?filters[kind]=round", "listWidgets.round"), // as openapi-fetch sends it
                    ("widgets/7/parts", "listParts.seed"),
                })
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(replay.BaseUri.ToString().Replace("/services/v2/", "/api/v9/") + pathAndQuery));
                    request.Headers.Add(RecordingFormat.KeyHeader, "ANY");
                    request.Headers.Add("Accept", "application/json");
                    using var response = await http.SendAsync(request);
                    Assert.True((int)response.StatusCode == 200, $"{pathAndQuery}: HTTP {(int)response.StatusCode}\n{replay.NearMissReport()}");
                    Assert.Equal(expected, (string?)JObject.Parse(await response.Content.ReadAsStringAsync())["scenario"]);
                }
            }
            finally
            {
                live.Delete(recursive: true);
                output.Delete(recursive: true);
            }
        }

        [Fact]
        public async Task A_recorded_call_reaches_the_clients_method_by_parameter_names()
        {
            var client = new WidgetsClient();

            var called = await OperationMethod.InvokeAsync(client, "listParts", RecordingFormat.ParseScenario(Widgets, "listParts.kind=widget_id=7&filters[kind]=round").Parameters);

            Assert.Equal("ListPartsAsync(7, False, round)", called);
            Assert.Equal(typeof(string), OperationMethod.ResultType(typeof(WidgetsClient), "listParts"));
            var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => OperationMethod.InvokeAsync(client, "listWidgets", Array.Empty<(string, JToken)>()));
            Assert.Equal("WidgetsClient has no method ListWidgetsAsync for the operation listWidgets", unknown.Message);
            var dropped = await Assert.ThrowsAsync<InvalidOperationException>(() => OperationMethod.InvokeAsync(client, "listParts", new[] { ("widget_id", (JToken)7), ("shelf", (JToken)"top") }));
            Assert.Equal("WidgetsClient.ListPartsAsync has no parameter for shelf", dropped.Message);
        }

        private sealed class WidgetsClient
        {
            public Task<string> ListPartsAsync(long widgetId, bool includeArchived = false, string? filtersKind = null, CancellationToken cancellationToken = default) =>
                Task.FromResult($"ListPartsAsync({widgetId}, {includeArchived}, {filtersKind})");

            public Task<string> ListPartsAsync(long widgetId) => ListPartsAsync(widgetId, false, null);
        }
    }
}
