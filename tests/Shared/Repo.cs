using System;
using System.IO;
using System.Threading.Tasks;
using NSwag;

namespace DigiCert.CertCentral.Tests
{
    /// <summary>Paths into the repository, found from the test assembly's location.</summary>
    internal static class Repo
    {
        public static string Root { get; } = FindRoot();

        public static string Spec => Path.Combine(Root, "openapi", "certcentral.yaml");

        public static string Recordings => Path.Combine(Root, "tests", "recordings");

        public static string RecordingFile(string name) => Path.Combine(Recordings, "__files", name);

        public static string Recording(string name) => File.ReadAllText(RecordingFile(name));

        // Built from the typed JSON form: NSwag.Core.Yaml 13.16's YAML loader turns scalars in
        // enums and examples into strings.
        private static readonly Lazy<Task<OpenApiDocument>> SpecDocument =
            new Lazy<Task<OpenApiDocument>>(() => OpenApiDocument.FromJsonAsync(LoadSpecJson().ToString()));

        /// <summary>The description as NSwag's document model (schemas usable for validation).</summary>
        public static Task<OpenApiDocument> LoadSpecAsync() => SpecDocument.Value;

        private static readonly Lazy<Newtonsoft.Json.Linq.JObject> SpecJson =
            new Lazy<Newtonsoft.Json.Linq.JObject>(() => (Newtonsoft.Json.Linq.JObject)YamlJson.Load(Spec));

        /// <summary>The description as JSON, scalars typed as YAML types them.</summary>
        public static Newtonsoft.Json.Linq.JObject LoadSpecJson() => SpecJson.Value;

        private static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DigiCert.Generated.sln"))) return dir.FullName;
            }

            throw new InvalidOperationException("Could not find the repository root (DigiCert.Generated.sln) above " + AppContext.BaseDirectory);
        }
    }
}
