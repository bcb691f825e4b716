using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using System.Xml.Linq;
using DigiCert.CertCentral.Tests;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.ContractTests
{
    /// <summary>
    /// The sandbox as other teams run it: packed as a .NET tool, installed with
    /// <c>dotnet tool install --tool-path</c>, started as <c>certcentral-sandbox serve --port N</c>
    /// (tests/Shared/SandboxTool.cs). One instance for the collection, stopped when it ends.
    /// </summary>
    public sealed class InstalledSandboxFixture : IAsyncLifetime
    {
        internal SandboxTool Tool { get; private set; } = null!;

        internal RunningSandbox Sandbox { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Tool = await SandboxTool.InstalledAsync();
            Sandbox = await Tool.ServeAsync();
        }

        public Task DisposeAsync()
        {
            Sandbox?.Dispose();
            return Task.CompletedTask;
        }
    }

    [CollectionDefinition(Name)]
    public sealed class InstalledSandboxCollection : ICollectionFixture<InstalledSandboxFixture>
    {
        public const string Name = "Installed sandbox tool";
    }

    [Collection(InstalledSandboxCollection.Name)]
    public class SandboxToolTests
    {
        private readonly InstalledSandboxFixture _fixture;

        public SandboxToolTests(InstalledSandboxFixture fixture) => _fixture = fixture;

        public static TheoryData<string> PlaybackRecordings => Recording.Names(r => r.IsPlayback);

        public static TheoryData<string> FaultRecordings => Recording.Names(r => r.Fault != null);

        // The recording's request, as any client sends it.
        private static async Task<HttpResponseMessage> SendAsync(Uri baseUri, Recording recording)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, recording.ExpectedPathAndQuery.Substring("/services/v2/".Length)));
            request.Headers.Add("X-DC-DEVKEY", "ANY-KEY-VALUE");
            request.Headers.Add("Accept", "application/json");
            return await http.SendAsync(request);
        }

        [Theory]
        [MemberData(nameof(PlaybackRecordings))]
        public async Task The_installed_tool_serves_each_recording_as_recorded(string name)
        {
            var recording = Recording.Named(name);

            using var response = await SendAsync(_fixture.Sandbox.BaseUri, recording);

            Assert.Equal(recording.Status, (int)response.StatusCode);
            Assert.Equal((string?)recording.Mapping["response"]!["headers"]!["Content-Type"], response.Content.Headers.ContentType?.ToString());
            Assert.Equal(recording.Body.Replace("\r\n", "\n"), (await response.Content.ReadAsStringAsync()).Replace("\r\n", "\n"));
        }

        [Theory]
        [MemberData(nameof(FaultRecordings))]
        public async Task The_installed_tool_plays_each_fault_without_a_hang(string name)
        {
            var recording = Recording.Named(name);

            var failure = await Record.ExceptionAsync(async () =>
            {
                using var response = await SendAsync(_fixture.Sandbox.BaseUri, recording);
                var body = await response.Content.ReadAsByteArrayAsync();
                // "200 OK, then garbage": what WireMock.Net plays for MALFORMED_RESPONSE_CHUNK.
                Assert.Equal("MALFORMED_RESPONSE_CHUNK", recording.Fault);
                Assert.Equal(200, (int)response.StatusCode);
                Assert.Throws<Newtonsoft.Json.JsonReaderException>(() => JToken.Parse(System.Text.Encoding.UTF8.GetString(body)));
            });

            if (recording.Fault != "MALFORMED_RESPONSE_CHUNK") Assert.IsType<HttpRequestException>(failure); // no readable response, not a timeout
            else Assert.Null(failure);
        }

        [Fact]
        public async Task The_delayed_recording_answers_after_its_delay()
        {
            var recording = Recording.Named("getKeyInfo.slowResponse");
            var clock = System.Diagnostics.Stopwatch.StartNew();

            using var response = await SendAsync(_fixture.Sandbox.BaseUri, recording);

            Assert.Equal(200, (int)response.StatusCode);
            Assert.True(clock.ElapsedMilliseconds >= recording.DelayMilliseconds!.Value - 100, $"answered after {clock.ElapsedMilliseconds} ms");
        }

        [Fact]
        public void The_package_is_a_dotnet_tool_carrying_every_recording_and_versioned_by_the_description()
        {
            using var package = ZipFile.OpenRead(_fixture.Tool.Package);
            var nuspec = XDocument.Load(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            XNamespace ns = nuspec.Root!.Name.NamespaceName;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.Equal(SandboxTool.PackageId, metadata.Element(ns + "id")!.Value);
            Assert.Equal((string)Repo.LoadSpecJson()["info"]!["version"]!, metadata.Element(ns + "version")!.Value);
            Assert.Equal("DotnetTool", metadata.Element(ns + "packageTypes")!.Element(ns + "packageType")!.Attribute("name")!.Value);

            var settings = XDocument.Load(package.Entries.Single(e => e.FullName.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal)).Open());
            Assert.Equal(SandboxTool.Command, settings.Descendants("Command").Single().Attribute("Name")!.Value);

            var carried = package.Entries.Select(e => e.FullName.Replace('\\', '/')).Where(n => n.Contains("/recordings/", StringComparison.Ordinal))
                .Select(n => n.Substring(n.IndexOf("/recordings/", StringComparison.Ordinal) + "/recordings/".Length)).OrderBy(n => n, StringComparer.Ordinal);
            var recorded = new[] { "mappings", "__files" }
                .SelectMany(dir => Directory.GetFiles(Path.Combine(Repo.Recordings, dir)).Select(f => dir + "/" + Path.GetFileName(f)))
                .OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(recorded, carried);
        }

        [Fact]
        public async Task The_installed_tool_serves_its_packaged_recordings_by_default_and_another_root_on_the_port_asked()
        {
            Assert.Contains("is playing back " + Path.Combine(_fixture.Tool.Work, "tools", ".store"), _fixture.Sandbox.Output); // not the checkout's tests/recordings

            var root = Directory.CreateTempSubdirectory("certcentral-sandbox-root-");
            try
            {
                foreach (var dir in new[] { "mappings", "__files" }) Directory.CreateDirectory(Path.Combine(root.FullName, dir));
                File.Copy(Path.Combine(Repo.Recordings, "mappings", "getKeyInfo.acmeUrl.json"), Path.Combine(root.FullName, "mappings", "getKeyInfo.acmeUrl.json"));
                File.WriteAllText(Path.Combine(root.FullName, "__files", "getKeyInfo.acmeUrl.json"), "{\"id\": 15, \"served_from\": \"another root\"}");
                var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
                listener.Start();
                var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                using var other = await _fixture.Tool.ServeAsync(root.FullName, port);

                using var response = await SendAsync(other.BaseUri, Recording.Named("getKeyInfo.acmeUrl"));

                Assert.Equal(new Uri($"http://127.0.0.1:{port}/services/v2/"), other.BaseUri);
                Assert.Equal("another root", (string?)JObject.Parse(await response.Content.ReadAsStringAsync())["served_from"]);
                using var unrecorded = await SendAsync(other.BaseUri, Recording.Named("getKeyInfo.apiKey"));
                Assert.Equal(404, (int)unrecorded.StatusCode);
            }
            finally
            {
                root.Delete(recursive: true);
            }
        }

        [Fact]
        public async Task A_wrong_command_line_exits_with_the_usage()
        {
            var (exitCode, output) = await ChildProcess.RunAsync(_fixture.Tool.Executable, new[] { "replay" }, _fixture.Tool.Work, TimeSpan.FromMinutes(1));

            Assert.Equal(1, exitCode);
            Assert.Contains("usage: serve [--root DIR] [--port N]", output);
        }
    }
}
