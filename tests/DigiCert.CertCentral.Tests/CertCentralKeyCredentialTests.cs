using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Pacing;
using DigiCert.CertCentral.Tests.TestSupport;

namespace DigiCert.CertCentral.Tests
{
    /// <summary>Key rotation in place: a credential whose key is replaced while calls run.</summary>
    public class CertCentralKeyCredentialTests
    {
        private static readonly string ApiKeyBody = Repo.Recording("getKeyInfo.apiKey.json");

        [Fact]
        public async Task The_next_call_sends_the_new_key_and_a_call_in_flight_finishes_with_its_own()
        {
            var inFlight = new TaskCompletionSource();
            var release = new TaskCompletionSource();
            await using var server = await LoopbackServer.StartAsync(async (c, n) =>
            {
                if (n == 1)
                {
                    inFlight.SetResult();
                    await release.Task; // the first exchange is still running while the key rotates
                }

                await LoopbackServer.Json(c, 200, ApiKeyBody);
            });
            var credential = new CertCentralKeyCredential("OLDKEY-1111111111111111111111");
            using var client = new CertCentralClient(new CertCentralClientOptions { Credential = credential, BaseUri = server.BaseUri });

            var first = client.GetKeyInfoAsync(1);
            await inFlight.Task;
            credential.Update("NEWKEY-2222222222222222222222");
            release.SetResult();
            await first;
            await client.GetKeyInfoAsync(2);

            var sent = server.RequestHeaders.Select(h => h["X-DC-DEVKEY"]).ToArray();
            Assert.Equal(new[] { "OLDKEY-1111111111111111111111", "NEWKEY-2222222222222222222222" }, sent);
        }

        [Fact]
        public async Task A_new_key_that_extends_an_old_one_is_redacted_whole()
        {
            const string Old = "PREFIXKEY-4444444444444444";
            const string New = Old + "-TAIL-5555555555555555"; // the old key is a prefix of the new one
            await using var server = await LoopbackServer.StartAsync((c, _) =>
                LoopbackServer.Json(c, 401, "{\"errors\":[{\"code\":\"access_denied\",\"message\":\"Key " + New + " is not valid.\"}]}"));
            var credential = new CertCentralKeyCredential(Old);
            using var client = new CertCentralClient(new CertCentralClientOptions { Credential = credential, BaseUri = server.BaseUri, MaxRetries = 0 });
            credential.Update(New);

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(1));
            var shown = error + "\n" + error.ResponseBody + "\n" + string.Join("\n", error.Errors.Select(e => e.Message));
            Assert.DoesNotContain("TAIL-5555", shown);
            Assert.DoesNotContain("4444444444", shown);
            Assert.Contains("[redacted]", shown);
        }

        [Fact]
        public async Task A_retry_after_a_rotation_carries_the_new_key()
        {
            CertCentralKeyCredential? credential = null;
            await using var server = await LoopbackServer.StartAsync((c, n) =>
            {
                if (n == 1)
                {
                    credential!.Update("ROTATED-333333333333333333333");
                    return LoopbackServer.Json(c, 503, "{}");
                }

                return LoopbackServer.Json(c, 200, ApiKeyBody);
            });
            credential = new CertCentralKeyCredential("FIRST-44444444444444444444444");
            using var client = new CertCentralClient(new CertCentralClientOptions { Credential = credential, BaseUri = server.BaseUri, RetryBaseDelay = TimeSpan.FromMilliseconds(10) });

            await client.GetKeyInfoAsync(1);

            Assert.Equal(new[] { "FIRST-44444444444444444444444", "ROTATED-333333333333333333333" }, server.RequestHeaders.Select(h => h["X-DC-DEVKEY"]));
        }

        [Fact]
        public async Task Every_key_the_credential_has_held_is_redacted_from_what_the_client_shows()
        {
            const string Old = "RETIRED-5555555555555555555555";
            const string Current = "CURRENT-6666666666666666666666";
            await using var server = await LoopbackServer.StartAsync((c, _) =>
                LoopbackServer.Json(c, 401, $"{{\"errors\":[{{\"code\":\"invalid_api_key\",\"message\":\"neither {Old} nor {Current}\"}}]}}", ("X-Echo", Old)));
            var credential = new CertCentralKeyCredential(Old);
            credential.Update(Current);
            var logs = new LogCollector();
            using var client = new CertCentralClient(new CertCentralClientOptions { Credential = credential, BaseUri = server.BaseUri, MaxRetries = 0, LoggerFactory = logs });

            var error = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(1));

            var shown = error.ToString() + error.ResponseBody + string.Join(",", error.Headers.SelectMany(h => h.Value)) + string.Join(",", error.Errors.Select(e => e.Message)) + logs.AllText;
            Assert.DoesNotContain(Old, shown);
            Assert.DoesNotContain(Current, shown);
            Assert.Contains("neither [redacted] nor [redacted]", error.ResponseBody);
        }

        [Fact]
        public void Pacing_follows_the_key_each_attempt_carries()
        {
            var credential = new CertCentralKeyCredential("PACED-777777777777777777777777");
            var before = credential.Key.Pacing;
            credential.Update("PACED-888888888888888888888888");

            Assert.NotEqual(before, credential.Key.Pacing);
            Assert.Equal(new PacingKey("PACED-888888888888888888888888"), credential.Key.Pacing);
        }

        [Fact]
        public void Bad_keys_and_ambiguous_options_are_refused_without_echoing_the_key()
        {
            Assert.Throws<ArgumentException>(() => new CertCentralKeyCredential(" "));
            var error = Assert.Throws<ArgumentException>(() => new CertCentralKeyCredential("abc\r\nX-Injected: SECRETPART"));
            Assert.DoesNotContain("SECRETPART", error.Message);
            var credential = new CertCentralKeyCredential("GOOD-999999999999999999999999");
            Assert.Throws<ArgumentException>(() => credential.Update("bad key"));
            Assert.Throws<ArgumentException>(() => new CertCentralClient(new CertCentralClientOptions { Credential = credential, ApiKey = "ALSO-SET" }));
            Assert.Equal("CertCentralKeyCredential", credential.ToString());
        }
    }
}
