using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DigiCert.CertCentral.Tests;

namespace DigiCert.CertCentral.ContractTests
{
    /// <summary>No committed recording carries an API key or anything shaped like one.</summary>
    public class SecretScanTests
    {
        // A literal X-DC-DEVKEY value (mappings may only match on presence), and long tokens of
        // letters and digits such as CertCentral keys (~47 characters). Runs inside base64 text
        // (next to + / =) are left alone so certificates and CSRs do not trip it.
        private static readonly Regex HeaderValue = new Regex("\"X-DC-DEVKEY\"\\s*:\\s*(\"(?!\\.\\+)[^\"]*\"|\\{\\s*\"(equalTo|contains|equalToIgnoreCase)\")", RegexOptions.IgnoreCase);
        private static readonly Regex KeyLike = new Regex(@"(?<![A-Za-z0-9+/=])(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{32,}(?![A-Za-z0-9+/=])");

        public static IEnumerable<string> Findings(string text) =>
            HeaderValue.Matches(text).Select(m => "X-DC-DEVKEY value " + m.Value)
                .Concat(KeyLike.Matches(text).Select(m => "key-like token " + m.Value.Substring(0, 6) + "…"));

        [Fact]
        public void No_recording_contains_a_key_like_value()
        {
            var files = Directory.GetFiles(Repo.Recordings, "*", SearchOption.AllDirectories);
            Assert.NotEmpty(files);

            var findings = files.SelectMany(f => Findings(File.ReadAllText(f)).Select(x => $"{Path.GetRelativePath(Repo.Root, f)}: {x}")).ToList();

            Assert.True(findings.Count == 0, "secrets in recordings:\n" + string.Join("\n", findings));
        }

        [Theory]
        [InlineData("{\"X-DC-DEVKEY\": \"abc\"}")]
        [InlineData("{\"headers\": {\"X-DC-DEVKEY\": {\"equalTo\": \"abc\"}}}")]
        [InlineData("{\"api_key\": \"Aqdgb0p5U153195f22s6pw5cj0mfvp06xg89xw0xhh3zhc2\"}")]
        public void The_scan_finds_planted_keys(string text)
        {
            Assert.NotEmpty(Findings(text));
        }

        [Theory]
        [InlineData("{\"X-DC-DEVKEY\": {\"matches\": \".+\"}}")]
        [InlineData("{\"csr\": \"MIICvDCCAaQCAQAwdzELMAkGA1UEBhMCVVMxDTALBgNVBAgMBFV0YWgxDzANBgNVBAcMBkxpbmRvbjEWMBQGA1UECgwNRGlnaUNlcnQgSW5jLjERMA8GA1UECwwIRGlnaUNlcnQ=\"}")]
        [InlineData("{\"thumbprint\": \"<thumbprint>\", \"common_name\": \"example.com\"}")]
        public void The_scan_leaves_matchers_certificates_and_placeholders_alone(string text)
        {
            Assert.Empty(Findings(text));
        }
    }
}
