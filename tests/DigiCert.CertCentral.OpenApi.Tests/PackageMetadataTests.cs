using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using DigiCert.CertCentral.Tests;

namespace DigiCert.CertCentral.OpenApi.Tests
{
    /// <summary>
    /// What the package page shows a user, from the nuspec of the package the pack fixture made
    /// (a part of PublishedDescriptionTests, so that the library is packed once for both).
    /// </summary>
    public partial class PublishedDescriptionTests
    {
        [Fact]
        public void The_package_names_its_maintainers_invents_no_project_url_and_carries_the_changelogs_top_section()
        {
            using var nupkg = ZipFile.OpenRead(Path.Combine(pack.Output, $"DigiCert.CertCentral.{PackageVersion}.nupkg"));
            var nuspec = XDocument.Load(nupkg.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            XNamespace ns = nuspec.Root!.Name.NamespaceName;
            var metadata = nuspec.Root.Element(ns + "metadata")!;

            Assert.Equal("CertCentral .NET client maintainers", metadata.Element(ns + "authors")?.Value);
            Assert.Null(metadata.Element(ns + "projectUrl")); // none exists, none is invented
            Assert.Null(metadata.Element(ns + "repository")?.Attribute("url"));

            // The top version section of CHANGELOG.md: from its first "## " heading to the next.
            var changelog = File.ReadAllText(Path.Combine(Repo.Root, "CHANGELOG.md")).Replace("\r\n", "\n").Split('\n');
            var start = Array.FindIndex(changelog, l => l.StartsWith("## ", StringComparison.Ordinal));
            Assert.True(start >= 0, "CHANGELOG.md has no version section");
            var end = Array.FindIndex(changelog, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
            var section = string.Join("\n", changelog.Skip(start).Take((end < 0 ? changelog.Length : end) - start)).Substring(3).Trim();
            Assert.Equal(section, metadata.Element(ns + "releaseNotes")?.Value.Replace("\r\n", "\n"));
        }
    }
}
