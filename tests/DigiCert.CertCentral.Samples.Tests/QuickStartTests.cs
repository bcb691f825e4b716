using System.Collections.Generic;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Samples.Tests
{
    /// <summary>samples/QuickStart run as its header says, against the recordings sandbox.</summary>
    [Collection(SandboxCollection.Name)]
    public class QuickStartTests
    {
        private const string Key = "quick-start-canary-key-0123456789";
        private readonly SandboxFixture sandbox;

        public QuickStartTests(SandboxFixture sandbox) => this.sandbox = sandbox;

        private Dictionary<string, string?> Environment(string? key = Key) => new()
        {
            ["CERTCENTRAL_API_KEY"] = key,
            ["CERTCENTRAL_BASE_URL"] = sandbox.UnitedStates.ToString(),
        };

        [Fact]
        public async Task Makes_the_three_calls_and_prints_what_it_read()
        {
            var (exitCode, output) = await Samples.RunAsync("QuickStart", new[] { "12345", "184", "112233" }, Environment());

            Assert.True(exitCode == 0, output);
            Assert.Equal(
                new[]
                {
                    "certificate example.com: approved, valid till 2019-03-28",
                    "certificate anewdomain.com: rejected, valid till -",
                    "certificate example.net: pending, valid till -",
                    "key Key Name: active, HTTP 200, request (none)",
                    "validation ov: active, validated until 2019-11-09",
                    "validation ev: pending, validated until -",
                },
                output.TrimEnd().Split('\n'));
        }

        [Fact]
        public async Task Reports_a_missing_order_by_its_error_code()
        {
            var (exitCode, output) = await Samples.RunAsync("QuickStart", new[] { "404" }, Environment());

            Assert.Equal(1, exitCode);
            Assert.Equal("not found: order (HTTP 404)", output.Trim());
        }

        [Fact]
        public async Task Reports_any_other_failure_without_the_key()
        {
            var (exitCode, output) = await Samples.RunAsync("QuickStart", new[] { "12345", "403" }, Environment());

            Assert.Equal(1, exitCode);
            Assert.Contains("CertCentral failed: HTTP 403, access_denied|missing_permission, after 1 attempt(s)", output);
            Assert.DoesNotContain(Key, output);
        }

        [Fact]
        public async Task Without_a_key_it_says_how_to_run_it()
        {
            var (exitCode, output) = await Samples.RunAsync("QuickStart", new string[0], Environment(key: null));

            Assert.Equal(2, exitCode);
            Assert.StartsWith("usage: CERTCENTRAL_API_KEY=...", output);
        }
    }
}
