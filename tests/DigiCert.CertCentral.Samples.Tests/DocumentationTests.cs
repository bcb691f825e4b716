using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using DigiCert.CertCentral.Tests;

namespace DigiCert.CertCentral.Samples.Tests
{
    /// <summary>
    /// The README and docs/ show only code that compiles: every C# block is a region of a sample or
    /// of Examples.cs, copied verbatim. A block is marked with the line before its fence,
    /// <c>&lt;!-- snippet: samples/QuickStart/Program.cs#create-client --&gt;</c> (a region
    /// <c>#region snippet:create-client</c>), or with a path alone for a whole file (appsettings.json).
    /// After changing a region, run the tests with UPDATE_SNIPPETS=1 to copy it into the pages.
    /// </summary>
    public class DocumentationTests
    {
        private static readonly Regex Marker = new Regex(@"^<!-- snippet: (?<path>[^#\s]+)(#(?<region>[\w-]+))? -->$", RegexOptions.CultureInvariant);
        private static readonly string[] CSharpFences = { "```csharp", "```cs", "```c#" };

        // Its C# blocks predate this check and are not yet regions of compiled code (samples/FleetPacing
        // would hold them); its links are checked all the same. Remove it from here once they are.
        private static readonly string[] PagesWithUncompiledCode = { "docs/fleet-pacing.md" };

        public static IEnumerable<object[]> Pages() =>
            new[] { "README.md" }
                .Concat(Directory.GetFiles(Path.Combine(Repo.Root, "docs"), "*.md").Select(f => "docs/" + Path.GetFileName(f)))
                .Select(page => new object[] { page });

        [Theory]
        [MemberData(nameof(Pages))]
        public void Every_code_block_is_a_region_of_compiled_code_copied_verbatim(string page)
        {
            var path = Path.Combine(Repo.Root, page);
            var text = File.ReadAllText(path).Replace("\r\n", "\n");
            var (expected, problems) = WithSnippets(text);
            if (PagesWithUncompiledCode.Contains(page)) problems.RemoveAll(p => p.EndsWith("(nothing compiles it)", StringComparison.Ordinal));
            if (expected != text && Environment.GetEnvironmentVariable("UPDATE_SNIPPETS") == "1")
            {
                File.WriteAllText(path, expected);
                text = expected;
            }

            if (expected != text) problems.Add("differs from the regions it shows (run the tests with UPDATE_SNIPPETS=1 to copy them):\n" + FirstDifference(text, expected));
            Assert.True(problems.Count == 0, $"{page}:\n" + string.Join("\n", problems));
        }

        [Fact]
        public void The_README_links_every_docs_page_and_every_relative_link_resolves()
        {
            var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
            foreach (var page in Directory.GetFiles(Path.Combine(Repo.Root, "docs"), "*.md").Select(f => "docs/" + Path.GetFileName(f)))
            {
                Assert.Contains($"]({page})", readme);
            }

            foreach (var page in Pages().Select(p => (string)p[0]))
            {
                var folder = Path.GetDirectoryName(Path.Combine(Repo.Root, page))!;
                foreach (Match link in Regex.Matches(File.ReadAllText(Path.Combine(Repo.Root, page)), @"\]\((?<target>[^)\s#]*)(#(?<anchor>[^)\s]*))?\)"))
                {
                    var target = link.Groups["target"].Value;
                    if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                    var resolved = target.Length == 0 ? Path.Combine(Repo.Root, page) : Path.GetFullPath(Path.Combine(folder, target));
                    Assert.True(File.Exists(resolved) || Directory.Exists(resolved), $"{page} links to {target}, which does not exist");
                    var anchor = link.Groups["anchor"].Value;
                    if (anchor.Length > 0 && resolved.EndsWith(".md", StringComparison.Ordinal))
                    {
                        Assert.True(Anchors(resolved).Contains(anchor), $"{page} links to {target}#{anchor}, which has no such heading");
                    }
                }
            }
        }

        [Fact]
        public void The_README_stays_a_front_door()
        {
            var size = new FileInfo(Path.Combine(Repo.Root, "README.md")).Length;
            Assert.True(size <= 12 * 1024 + 512, $"README.md is {size} bytes: move depth to docs/");
        }

        [Fact]
        public void Every_sample_is_in_the_solution_so_that_the_build_and_dotnet_test_include_it()
        {
            var solution = File.ReadAllText(Path.Combine(Repo.Root, "DigiCert.Generated.sln")).Replace('\\', '/');
            var samples = Directory.GetFiles(Samples.Root, "*.csproj", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(Repo.Root, p).Replace('\\', '/')).ToList();

            Assert.Contains("samples/QuickStart/QuickStart.csproj", samples);
            foreach (var project in samples) Assert.Contains($"\"{project}\"", solution);
        }

        /// <summary>The anchors GitHub makes of a page's headings: lowercase, punctuation dropped, spaces as hyphens.</summary>
        private static HashSet<string> Anchors(string markdown) => new HashSet<string>(
            File.ReadAllLines(markdown)
                .Where(line => line.StartsWith('#'))
                .Select(line => Regex.Replace(line.TrimStart('#').Trim().ToLowerInvariant(), @"[^\p{L}\p{Nd}\s_-]", string.Empty).Replace(' ', '-')),
            StringComparer.Ordinal);

        /// <summary>The page with each marked block replaced by its source; what is wrong besides.</summary>
        private static (string Text, List<string> Problems) WithSnippets(string text)
        {
            var lines = text.Split('\n');
            var output = new StringBuilder();
            var problems = new List<string>();
            for (var i = 0; i < lines.Length; i++)
            {
                var marker = Marker.Match(lines[i]);
                var fence = lines[i].Trim();
                if (CSharpFences.Contains(fence) && (i == 0 || !Marker.IsMatch(lines[i - 1])))
                {
                    problems.Add($"line {i + 1}: a C# block without a snippet marker (nothing compiles it)");
                }

                output.Append(lines[i]).Append(i < lines.Length - 1 ? "\n" : string.Empty);
                if (!marker.Success) continue;
                if (i + 1 >= lines.Length || !lines[i + 1].StartsWith("```", StringComparison.Ordinal))
                {
                    problems.Add($"line {i + 1}: a snippet marker not followed by a code block");
                    continue;
                }

                var end = Array.FindIndex(lines, i + 2, l => l.StartsWith("```", StringComparison.Ordinal));
                if (end < 0)
                {
                    problems.Add($"line {i + 2}: a code block that never ends");
                    continue;
                }

                string source;
                try
                {
                    source = Source(marker.Groups["path"].Value, marker.Groups["region"].Success ? marker.Groups["region"].Value : null);
                }
                catch (InvalidOperationException e)
                {
                    problems.Add($"line {i + 1}: {e.Message}");
                    continue;
                }

                output.Append(lines[i + 1]).Append('\n').Append(source).Append('\n');
                i = end - 1; // the closing fence is copied by the next turn
            }

            return (output.ToString(), problems);
        }

        /// <summary>A region of a source file (#region snippet:NAME to its #endregion), dedented; or the whole file.</summary>
        private static string Source(string relativePath, string? region)
        {
            var path = Path.Combine(Repo.Root, relativePath);
            if (!File.Exists(path)) throw new InvalidOperationException($"{relativePath} does not exist");
            var lines = File.ReadAllText(path).Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
            if (region is null) return string.Join("\n", lines);

            var start = Array.FindIndex(lines, l => l.Trim() == "#region snippet:" + region);
            if (start < 0) throw new InvalidOperationException($"{relativePath} has no region snippet:{region}");
            var end = Array.FindIndex(lines, start + 1, l => l.TrimStart().StartsWith("#endregion", StringComparison.Ordinal));
            if (end < 0) throw new InvalidOperationException($"{relativePath}: region snippet:{region} has no #endregion");
            var body = lines.Skip(start + 1).Take(end - start - 1).ToList();
            var indent = body.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
            return string.Join("\n", body.Select(l => l.Length >= indent ? l.Substring(indent) : l.TrimStart()));
        }

        private static string FirstDifference(string actual, string expected)
        {
            var a = actual.Split('\n');
            var e = expected.Split('\n');
            var line = Enumerable.Range(0, Math.Min(a.Length, e.Length)).FirstOrDefault(n => a[n] != e[n], Math.Min(a.Length, e.Length));
            return $"  line {line + 1}\n  page:   {(line < a.Length ? a[line] : "(end)")}\n  source: {(line < e.Length ? e[line] : "(end)")}";
        }
    }
}
