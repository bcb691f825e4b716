using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using DigiCert.CertCentral.Tests;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.OpenApi.Tests
{
    /// <summary>
    /// Runs `dotnet pack` of the library once as CI does (CI=true), with its own obj/ and bin/, so it
    /// neither reuses nor disturbs the working tree's build.
    /// </summary>
    public sealed class PackFixture : IAsyncLifetime
    {
        // Inside the repository (artifacts/ is ignored by git), so that every source, obj/ included,
        // is under the source root that a deterministic build maps to /_/.
        private readonly string work = Directory.CreateDirectory(Path.Combine(Repo.Root, "artifacts", "pack-test-" + Guid.NewGuid().ToString("N"))).FullName;

        public string Output => Path.Combine(work, "artifacts");

        public string Log { get; private set; } = "";

        public string DescriptionVersion => (string)Repo.LoadSpecJson()["info"]!["version"]!;

        public async Task InitializeAsync()
        {
            var (exitCode, log) = await ChildProcess.RunAsync("dotnet", new[]
            {
                "pack", "src/DigiCert.CertCentral/DigiCert.CertCentral.csproj", "-c", "Release", "-nologo", "-o", Output,
                "-p:BaseIntermediateOutputPath=" + Path.Combine(work, "obj") + Path.DirectorySeparatorChar,
                "-p:BaseOutputPath=" + Path.Combine(work, "bin") + Path.DirectorySeparatorChar,
            }, timeout: TimeSpan.FromMinutes(10), environment: new System.Collections.Generic.Dictionary<string, string?> { ["CI"] = "true" });
            Log = log;
            Assert.True(exitCode == 0, "dotnet pack failed:\n" + log);
        }

        public Task DisposeAsync()
        {
            Directory.Delete(work, recursive: true);
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// What `dotnet pack` makes: the package (dependencies, version, symbols with every source
    /// embedded) and, for other-language teams, the description, its recordings and its HTML reference.
    /// </summary>
    public partial class PublishedDescriptionTests : IClassFixture<PackFixture>
    {
        // The package's own version (SemVer of the C# API), as src/Directory.Build.props sets it.
        private static readonly string PackageVersion = System.Text.RegularExpressions.Regex.Match(
            File.ReadAllText(Path.Combine(Repo.Root, "src", "Directory.Build.props")), "<VersionPrefix>([^<]+)</VersionPrefix>").Groups[1].Value;
        private readonly PackFixture pack;

        public PublishedDescriptionTests(PackFixture pack) => this.pack = pack;

        private string Published(string suffix) => Path.Combine(pack.Output, $"DigiCert.CertCentral.{pack.DescriptionVersion}{suffix}");

        [Fact]
        public void Pack_publishes_the_description_and_an_html_reference_of_the_three_operations()
        {
            var published = (JObject)YamlJson.Load(Published(".openapi.yaml"));
            Assert.True(JToken.DeepEquals(Repo.LoadSpecJson(), published), "the published description differs from openapi/certcentral.yaml");

            var page = File.ReadAllText(Published(".html")); // Node.js is on PATH in the test run
            foreach (var summary in new[] { "List duplicate certificates", "Get API key info", "Get organization validations" })
            {
                Assert.Contains(summary, page); // prerendered, visible without running scripts
            }

            Assert.DoesNotMatch(new Regex("<script[^>]+src=\"https?://"), page); // self-contained: opens offline
        }

        [Fact]
        public void Pack_publishes_the_recordings_in_WireMock_layout()
        {
            using var zip = ZipFile.OpenRead(Published(".recordings.zip"));
            var entries = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).OrderBy(n => n, StringComparer.Ordinal).ToList();
            var expected = new[] { "mappings", "__files" }
                .SelectMany(dir => Directory.GetFiles(Path.Combine(Repo.Recordings, dir)).Select(f => dir + "/" + Path.GetFileName(f)))
                .OrderBy(n => n, StringComparer.Ordinal).ToList();
            Assert.Equal(expected, entries);
            foreach (var entry in zip.Entries)
            {
                using var reader = new StreamReader(entry.Open());
                Assert.Equal(File.ReadAllText(Path.Combine(Repo.Recordings, entry.FullName)), reader.ReadToEnd());
            }

            // Every mapping's bodyFileName resolves inside __files, as WireMock reads it.
            foreach (var mapping in zip.Entries.Where(e => e.FullName.StartsWith("mappings/", StringComparison.Ordinal)))
            {
                using var reader = new StreamReader(mapping.Open());
                var bodyFile = (string?)JObject.Parse(reader.ReadToEnd())["response"]?["bodyFileName"];
                if (bodyFile != null) Assert.Contains("__files/" + bodyFile, entries);
            }
        }

        [Fact]
        public void The_package_depends_only_on_its_runtime_libraries_at_8_0_floors()
        {
            using var nupkg = ZipFile.OpenRead(Path.Combine(pack.Output, $"DigiCert.CertCentral.{PackageVersion}.nupkg"));
            var nuspec = XDocument.Load(nupkg.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            XNamespace ns = nuspec.Root!.Name.NamespaceName;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.Equal(PackageVersion, metadata.Element(ns + "version")!.Value);
            Assert.Contains($"description version {pack.DescriptionVersion}", metadata.Element(ns + "description")!.Value);

            var groups = metadata.Element(ns + "dependencies")!.Elements(ns + "group").ToList();
            Assert.Equal(new[] { ".NETStandard2.0", "net8.0" }, groups.Select(g => (string)g.Attribute("targetFramework")!).OrderBy(t => t, StringComparer.Ordinal));
            foreach (var group in groups)
            {
                var dependencies = group.Elements(ns + "dependency").ToDictionary(d => (string)d.Attribute("id")!, d => (string)d.Attribute("version")!);
                foreach (var (id, version) in dependencies)
                {
                    if (id.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || id.StartsWith("System.", StringComparison.Ordinal))
                    {
                        Assert.True(version.StartsWith("8.0.", StringComparison.Ordinal), $"{id} {version} in {group.Attribute("targetFramework")}: floors are 8.0.x");
                    }
                }

                Assert.DoesNotContain("Microsoft.Bcl.TimeProvider", dependencies.Keys); // transitive at most, never pinned here
                Assert.DoesNotContain(dependencies.Keys, id => id.StartsWith("NSwag", StringComparison.Ordinal) || id.Contains("SourceLink") || id.StartsWith("xunit", StringComparison.OrdinalIgnoreCase));
            }

            Assert.Contains(nupkg.Entries, e => e.FullName == "lib/netstandard2.0/DigiCert.CertCentral.dll");
            Assert.Contains(nupkg.Entries, e => e.FullName == "lib/net8.0/DigiCert.CertCentral.dll");
            Assert.Contains(nupkg.Entries, e => e.FullName == "CHANGELOG.md");
        }

        [Theory]
        [InlineData("netstandard2.0")]
        [InlineData("net8.0")]
        public void The_assembly_is_strong_named_and_records_the_description_version(string framework)
        {
            using var nupkg = ZipFile.OpenRead(Path.Combine(pack.Output, $"DigiCert.CertCentral.{PackageVersion}.nupkg"));
            using var dll = new MemoryStream();
            using (var entry = nupkg.GetEntry($"lib/{framework}/DigiCert.CertCentral.dll")!.Open()) entry.CopyTo(dll);
            dll.Position = 0;
            using var pe = new PEReader(dll);
            var reader = pe.GetMetadataReader();
            var definition = reader.GetAssemblyDefinition();
            Assert.False(definition.PublicKey.IsNil, "the assembly is not strong-named");
            Assert.True(pe.PEHeaders.CorHeader!.Flags.HasFlag(CorFlags.StrongNameSigned), "the assembly is not signed");

            var metadata = definition.GetCustomAttributes()
                .Select(reader.GetCustomAttribute)
                .Where(a => AttributeName(reader, a) == "System.Reflection.AssemblyMetadataAttribute")
                .Select(a => a.DecodeValue(new StringOnlyTypeProvider()))
                .ToDictionary(v => (string)v.FixedArguments[0].Value!, v => (string?)v.FixedArguments[1].Value);
            Assert.Equal(pack.DescriptionVersion, metadata["CertCentralDescriptionVersion"]);
        }

        [Theory]
        [InlineData("netstandard2.0")]
        [InlineData("net8.0")]
        public void The_symbols_embed_every_source_including_the_generated_client(string framework)
        {
            using var snupkg = ZipFile.OpenRead(Path.Combine(pack.Output, $"DigiCert.CertCentral.{PackageVersion}.snupkg"));
            using var pdb = new MemoryStream();
            using (var entry = snupkg.GetEntry($"lib/{framework}/DigiCert.CertCentral.pdb")!.Open()) entry.CopyTo(pdb);
            pdb.Position = 0;
            using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
            var reader = provider.GetMetadataReader();

            var embedded = reader.Documents
                .Select(handle => (Handle: handle, Name: reader.GetString(reader.GetDocument(handle).Name).Replace('\\', '/')))
                .Where(d => reader.GetCustomDebugInformation(d.Handle).Any(c => reader.GetGuid(reader.GetCustomDebugInformation(c).Kind) == EmbeddedSourceKind))
                .Select(d => d.Name)
                .ToList();
            var documents = reader.Documents.Select(h => reader.GetString(reader.GetDocument(h).Name).Replace('\\', '/')).ToList();

            Assert.Contains(embedded, name => name.EndsWith("/obj/generated/CertCentral.g.cs", StringComparison.Ordinal));
            Assert.All(documents, name => Assert.StartsWith("/_/", name)); // CI build: deterministic paths
            Assert.Contains(embedded, name => name.EndsWith("/CertCentralClient.cs", StringComparison.Ordinal));
            Assert.Equal(documents.Where(d => d.EndsWith(".cs", StringComparison.Ordinal)).OrderBy(d => d), embedded.Where(d => d.EndsWith(".cs", StringComparison.Ordinal)).OrderBy(d => d));
        }

        // https://github.com/dotnet/runtime/blob/main/docs/design/specs/PortablePdb-Metadata.md#embedded-source-c-and-vb-compilers
        private static readonly Guid EmbeddedSourceKind = new Guid("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

        private static string AttributeName(MetadataReader reader, CustomAttribute attribute)
        {
            var ctor = attribute.Constructor;
            var type = ctor.Kind == HandleKind.MemberReference
                ? reader.GetMemberReference((MemberReferenceHandle)ctor).Parent
                : reader.GetMethodDefinition((MethodDefinitionHandle)ctor).GetDeclaringType();
            if (type.Kind != HandleKind.TypeReference) return "";
            var reference = reader.GetTypeReference((TypeReferenceHandle)type);
            return reader.GetString(reference.Namespace) + "." + reader.GetString(reference.Name);
        }

        /// <summary>Decodes attribute arguments of type string (all AssemblyMetadataAttribute has).</summary>
        private sealed class StringOnlyTypeProvider : ICustomAttributeTypeProvider<Type>
        {
            public Type GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode == PrimitiveTypeCode.String ? typeof(string) : typeof(object);
            public Type GetSystemType() => typeof(Type);
            public Type GetSZArrayType(Type elementType) => elementType.MakeArrayType();
            public Type GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => typeof(object);
            public Type GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => typeof(object);
            public Type GetTypeFromSerializedName(string name) => typeof(object);
            public PrimitiveTypeCode GetUnderlyingEnumType(Type type) => PrimitiveTypeCode.Int32;
            public bool IsSystemType(Type type) => type == typeof(Type);
        }
    }
}
