using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using System.Xml.Linq;
using DigiCert.CertCentral.Tests;

namespace DigiCert.CertCentral.OpenApi.Tests
{
    /// <summary>
    /// What a maintainer does: add an operation to the description and nothing else. A copy of the
    /// repository gets a new GET operation (integer, boolean and string parameters in the path and
    /// the query, a JSON object answer with nested objects, a list, an open set and a closed enum,
    /// the usual error responses); the library is built from it and a separate program calls the
    /// new public method through the real pipeline (over a canned transport) and prints what it read.
    /// The inserted paths, operations and schemas are named "probe" so that they never collide with
    /// what a maintainer adds to the description.
    /// </summary>
    public class AddedOperationTests
    {
        private const string AddedPath = """
  /probe/order/{order_id}/note/{note_id}:
    get:
      operationId: getProbeNote
      summary: Get an order note
      description: One note of an order, added for the maintainer test.
      tags: [Orders]
      parameters:
        - name: order_id
          in: path
          required: true
          description: Order ID.
          schema:
            type: integer
            format: int64
            minimum: 1
        - name: note_id
          in: path
          required: true
          description: Note key.
          schema:
            type: string
            maxLength: 12
        - name: include_author
          in: query
          required: false
          description: Whether the author is included.
          schema:
            type: boolean
            default: false
        - name: max_lines
          in: query
          required: false
          description: The most lines to return.
          schema:
            type: integer
            format: int32
            minimum: 1
            maximum: 500
        - name: filters[kind]
          in: query
          required: false
          description: Only notes of this kind (DigiCert's bracketed filter names).
          schema:
            type: string
            minLength: 1
        - name: tags
          in: query
          required: false
          style: form
          explode: false
          description: Tags, comma-separated.
          schema:
            type: array
            items:
              type: string
      responses:
        '200':
          description: The note.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/ProbeNote'
        '400':
          $ref: '#/components/responses/BadRequest'
        '404':
          $ref: '#/components/responses/NotFound'
        '429':
          $ref: '#/components/responses/TooManyRequests'
        default:
          $ref: '#/components/responses/UnexpectedError'
""";

        private const string AddedSchemas = """
    ProbeNote:
      type: object
      description: A note on an order.
      required: [id, text, created_at, origin]
      properties:
        id:
          type: integer
          format: int64
          description: Note ID.
        text:
          type: string
          description: The note.
        created_at:
          type: string
          x-digicert-wire: timestamp
          description: When the note was written.
        visibility:
          type: string
          enum: [public, private]
          description: Who sees the note (a closed enum in the description).
        kind:
          $ref: '#/components/schemas/ProbeNoteKind'
        author:
          $ref: '#/components/schemas/UserSummary'
        tags:
          type: array
          items:
            type: string
        pinned:
          type: boolean
        validation_type:
          $ref: '#/components/schemas/ValidationType'
        origin:
          $ref: '#/components/schemas/ProbeNoteOrigin'
    ProbeNoteOrigin:
      type: object
      description: Where a note came from (a required object that is never null).
      required: [channel]
      properties:
        channel:
          type: string
    ProbeNoteKind:
      description: The kind of note; an open set.
      anyOf:
        - type: string
          enum: [comment, reminder]
        - type: string
      x-extensible-enum: [comment, reminder]
""";

        private const string Program = """
using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral;
using DigiCert.CertCentral.Serialization;

var transport = new CannedTransport();
using var client = new CertCentralClient(transport, new CertCentralClientOptions { ApiKey = "maintainer-key", BaseUri = new Uri("https://cc.example.test/services/v2"), MaxRetries = 0, RateLimits = { } });

ProbeNote note = await client.GetProbeNoteAsync(42, "n-1", includeAuthor: true, maxLines: 10, filtersKind: "reminder", tags: new[] { "a b", "c" });
Console.WriteLine("URL " + transport.LastUrl);
Console.WriteLine("MODEL " + CertCentralJson.Serialize(note));
Console.WriteLine($"TYPED {note.Id} {note.Text} {note.CreatedAt:O} {note.Kind} {note.Kind?.IsKnown} {note.Visibility} {note.Author?.FirstName} {note.Tags.Count} {note.Pinned} {note.ValidationType} {note.Origin.Channel}");
CertCentralResponse<ProbeNote> response = await client.GetProbeNoteWithResponseAsync(42, "n-2");
Console.WriteLine("URL " + transport.LastUrl + " STATUS " + response.Status + " REQUEST " + response.RequestId);
try { await client.GetProbeNoteAsync(0, "n-1"); } catch (ArgumentOutOfRangeException e) { Console.WriteLine("ARGUMENT " + e.ParamName); }
try { await client.GetProbeNoteAsync(1, "n-1", maxLines: 501); } catch (ArgumentOutOfRangeException e) { Console.WriteLine("ARGUMENT " + e.ParamName); }
try { await client.GetProbeNoteAsync(1, "much-too-long-key"); } catch (ArgumentOutOfRangeException e) { Console.WriteLine("ARGUMENT " + e.ParamName); }
try { await client.GetProbeNoteAsync(1, "n-1", filtersKind: ""); } catch (ArgumentOutOfRangeException e) { Console.WriteLine("ARGUMENT " + e.ParamName + " | " + e.Message); }
try { await client.GetProbeNoteAsync(404, "n-1"); } catch (CertCentralException e) { Console.WriteLine("ERROR " + e.Status + " " + e.ErrorCode + " | " + e.Message); }

sealed class CannedTransport : HttpMessageHandler
{
    public string? LastUrl;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        LastUrl = request.RequestUri!.PathAndQuery;
        var notFound = request.RequestUri.AbsolutePath.Contains("/probe/order/404/");
        var body = notFound
            ? "{\"errors\":[{\"code\":\"not_found|order\",\"message\":\"Order not found.\"}]}"
            : "{\"id\":\"7\",\"text\":\"renew soon\",\"created_at\":\"2024-05-06 07:08:09\",\"visibility\":\"team\",\"kind\":\"escalation\",\"author\":{\"id\":5,\"first_name\":\"Jill\",\"last_name\":\"Valentine\"},\"tags\":[\"a\",null,\"b\"],\"pinned\":\"1\",\"validation_type\":\"ev\",\"origin\":{\"channel\":\"api\"},\"extra\":{\"x\":1}}";
        var response = new HttpResponseMessage(notFound ? HttpStatusCode.NotFound : HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json"), RequestMessage = request };
        response.Headers.TryAddWithoutValidation("X-Request-Id", "req-7");
        return Task.FromResult(response);
    }
}
""";

        [Fact]
        public async Task An_operation_added_to_the_description_becomes_a_documented_working_public_method()
        {
            var work = Directory.CreateTempSubdirectory("certcentral-added-operation-").FullName;
            try
            {
                var repo = Path.Combine(work, "repo");
                CopyRepository(repo);
                var spec = Path.Combine(repo, "openapi", "certcentral.yaml");
                var yaml = File.ReadAllText(spec).Replace("\r\n", "\n");
                yaml = Insert(yaml, "\ncomponents:\n", AddedPath.TrimEnd('\n') + "\n");
                yaml = Insert(yaml, "\n  examples:\n", AddedSchemas.TrimEnd('\n') + "\n");
                File.WriteAllText(spec, yaml);

                var app = Path.Combine(work, "app");
                Directory.CreateDirectory(app);
                File.WriteAllText(Path.Combine(app, "Program.cs"), Program);
                File.WriteAllText(Path.Combine(app, "app.csproj"), $"""
                    <Project Sdk="Microsoft.NET.Sdk">
                      <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>disable</ImplicitUsings></PropertyGroup>
                      <ItemGroup><ProjectReference Include="{Path.Combine(repo, "src", "DigiCert.CertCentral", "DigiCert.CertCentral.csproj")}" /></ItemGroup>
                    </Project>
                    """);

                var (exitCode, output) = await ChildProcess.RunAsync("dotnet", new[] { "run", "--project", app, "-c", "Release", "-nodeReuse:false" }, app, TimeSpan.FromMinutes(6));
                Assert.True(exitCode == 0, "the program did not build or run:\n" + output);

                Assert.Contains("URL /services/v2/probe/order/42/note/n-1?include_author=true&max_lines=10&filters%5Bkind%5D=reminder&tags=a%20b,c", output);
                Assert.Contains("URL /services/v2/probe/order/42/note/n-2 STATUS 200 REQUEST req-7", output); // defaults are not sent
                Assert.Contains("TYPED 7 renew soon 2024-05-06T07:08:09.0000000+00:00 escalation False team Jill 2 True ev api", output);
                var model = Line(output, "MODEL ");
                Assert.Contains("\"pinned\":true", model);
                Assert.Contains("\"extra\":{\"x\":1}", model); // unknown fields kept
                Assert.Equal(4, output.Split('\n').Count(l => l.StartsWith("ARGUMENT ", StringComparison.Ordinal)));
                Assert.Contains("ARGUMENT filtersKind | filtersKind must not be empty. (Parameter 'filtersKind')", output);
                Assert.Contains("ARGUMENT orderId", output);
                Assert.Contains("ARGUMENT maxLines", output);
                Assert.Contains("ARGUMENT noteId", output);
                Assert.Contains("ERROR 404 not_found|order | CertCentral answered HTTP 404: The resource does not exist (code such as `not_found|order`).", output);

                // Documented from the description: the summary, each parameter, the errors.
                var docs = XDocument.Load(Directory.GetFiles(Path.Combine(repo, "src", "DigiCert.CertCentral", "bin"), "DigiCert.CertCentral.xml", SearchOption.AllDirectories).First());
                var member = docs.Descendants("member").Single(m => ((string?)m.Attribute("name"))!.StartsWith("M:DigiCert.CertCentral.CertCentralClient.GetProbeNoteAsync(", StringComparison.Ordinal));
                Assert.Contains("Get an order note", member.Element("summary")!.Value);
                Assert.Equal(new[] { "orderId", "noteId", "includeAuthor", "maxLines", "filtersKind", "tags", "cancellationToken" }, member.Elements("param").Select(p => (string)p.Attribute("name")!));
                Assert.Contains("HTTP 404", member.Elements("exception").Single(e => ((string)e.Attribute("cref")!).EndsWith("CertCentralException", StringComparison.Ordinal)).Value);
                Assert.Contains(docs.Descendants("member"), m => (string?)m.Attribute("name") == "P:DigiCert.CertCentral.ProbeNote.Text");
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        [Fact]
        public async Task An_operation_the_templates_cannot_generate_fails_the_build_with_its_reason()
        {
            var work = Directory.CreateTempSubdirectory("certcentral-unsupported-operation-").FullName;
            try
            {
                var spec = Path.Combine(work, "certcentral.yaml");
                var yaml = File.ReadAllText(Repo.Spec).Replace("\r\n", "\n");
                File.WriteAllText(spec, Insert(yaml, "\ncomponents:\n", Unsupported.TrimEnd('\n') + "\n"));
                var generated = Path.Combine(work, "generated");

                var (exitCode, log) = await ChildProcess.RunAsync("dotnet", new[]
                {
                    "msbuild", "src/DigiCert.CertCentral/DigiCert.CertCentral.csproj", "-nologo", "-v:q", "-nodeReuse:false", "-t:GenerateCertCentralClient",
                    "-p:TargetFramework=net8.0", "-p:CertCentralSpec=" + spec, "-p:CertCentralGeneratedDir=" + generated + Path.DirectorySeparatorChar,
                });
                Assert.True(exitCode == 0, log);

                var code = File.ReadAllText(Path.Combine(generated, "CertCentral.g.cs"));
                // Shown on failure: every #error the templates wrote (NSwag renames a duplicate operationId, e.g. to probeListOrders2).
                var errors = string.Join("\n", code.Split('\n').Where(line => line.TrimStart().StartsWith("#error", StringComparison.Ordinal)));
                foreach (var expected in new[]
                {
                    "probeRevokeKey - it is DELETE, and only GET is generated",
                    "probeGetSession - it has header or cookie parameters",
                    "probeListOrders - parameter filters is an object (deepObject)",
                    "probeGetPem - its success response is not JSON",
                })
                {
                    Assert.True(errors.Contains("#error \"Client.Class.liquid cannot generate " + expected, StringComparison.Ordinal), $"No #error for {expected}. The #error lines:\n{errors}");
                }

                Assert.DoesNotContain("ProbeRevokeKeyAsync", code); // nothing of it generated, so nothing else fails
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }

        private const string Unsupported = """
  /probe/{key_id}/revoke:
    delete:
      operationId: probeRevokeKey
      parameters:
        - {name: key_id, in: path, required: true, schema: {type: integer}}
      responses:
        '200': {description: Revoked., content: {application/json: {schema: {$ref: '#/components/schemas/KeyInfo'}}}}
  /probe/{key_id}/session:
    get:
      operationId: probeGetSession
      parameters:
        - {name: key_id, in: path, required: true, schema: {type: integer}}
        - {name: session, in: cookie, required: true, schema: {type: string}}
      responses:
        '200': {description: The key., content: {application/json: {schema: {$ref: '#/components/schemas/KeyInfo'}}}}
  /probe/orders:
    get:
      operationId: probeListOrders
      parameters:
        - {name: filters, in: query, style: deepObject, schema: {type: object, properties: {status: {type: string}}}}
      responses:
        '200': {description: Orders., content: {application/json: {schema: {$ref: '#/components/schemas/KeyInfo'}}}}
  /probe/{key_id}/pem:
    get:
      operationId: probeGetPem
      parameters:
        - {name: key_id, in: path, required: true, schema: {type: integer}}
      responses:
        '200': {description: PEM., content: {text/plain: {schema: {type: string}}}}
""";

        private static string Insert(string text, string before, string insertion)
        {
            var at = text.IndexOf(before, StringComparison.Ordinal);
            Assert.True(at >= 0, $"'{before.Trim()}' not found in the description");
            return text.Insert(at + 1, insertion);
        }

        private static string Line(string output, string prefix) =>
            output.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal)).Substring(prefix.Length).Trim();

        // What building the library needs: its project, the generation and publishing tools, the
        // description and the repository-wide build settings; no build output.
        private static void CopyRepository(string target)
        {
            foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "nuget.config", "README.md", "CHANGELOG.md" })
            {
                Directory.CreateDirectory(target);
                File.Copy(Path.Combine(Repo.Root, file), Path.Combine(target, file));
            }

            foreach (var folder in new[] { "src/DigiCert.CertCentral", "tools/nswag", "tools/openapi", "tools/package", "openapi" })
            {
                var from = Path.Combine(Repo.Root, folder);
                foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
                {
                    var relative = Path.GetRelativePath(from, file);
                    if (relative.StartsWith("obj", StringComparison.Ordinal) || relative.StartsWith("bin", StringComparison.Ordinal)) continue;
                    var destination = Path.Combine(target, folder, relative);
                    Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                    File.Copy(file, destination);
                }
            }

            File.Copy(Path.Combine(Repo.Root, "src", "Directory.Build.props"), Path.Combine(target, "src", "Directory.Build.props"));
        }
    }
}
