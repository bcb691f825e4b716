using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests.TestSupport;

namespace DigiCert.CertCentral.Tests
{
    /// <summary>Messages read the same on every machine, whatever its culture.</summary>
    public class CertCentralExceptionTests
    {
        [Theory]
        [InlineData("de-DE")]
        [InlineData("tr-TR")]
        [InlineData("ar-SA")]
        [InlineData("fa-IR")]
        public async Task Failure_messages_are_culture_invariant(string culture)
        {
            var big = new string('x', 20_000);
            await using var server = await LoopbackServer.StartAsync((c, _) => c.Request.Path.Value switch
            {
                var p when p!.EndsWith("/duplicate", StringComparison.Ordinal) => LoopbackServer.Json(c, 200, "{\"certificates\":[" + big + "]}"),
                var p when p!.EndsWith("/key/1", StringComparison.Ordinal) => LoopbackServer.Json(c, 503, "{}", ("Retry-After", "86400")),
                _ => LoopbackServer.Json(c, 200, "{\"id\":\"x\"}"),
            });

            async Task<string[]> MessagesAsync()
            {
                var options = new CertCentralClientOptions { ApiKey = "CULTURE-" + Guid.NewGuid().ToString("N"), BaseUri = server.BaseUri, MaxResponseBytes = 16_384, AttemptTimeout = TimeSpan.FromSeconds(1.5) };
                options.RateLimits.Clear();
                using var client = new CertCentralClient(options);
                var tooLarge = await Assert.ThrowsAsync<CertCentralException>(() => client.ListDuplicateCertificatesAsync(1));
                var tooLong = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(1));
                var unreadable = await Assert.ThrowsAsync<CertCentralException>(() => client.GetKeyInfoAsync(2));
                return new[] { tooLarge.Message, tooLong.Message, unreadable.Message };
            }

            var invariant = await WithCultureAsync(CultureInfo.InvariantCulture, MessagesAsync);
            var local = await WithCultureAsync(new CultureInfo(culture), MessagesAsync);

            Assert.Equal(invariant, local);
            Assert.Contains("16,384-byte limit", local[0]);
            Assert.Contains("Retry-After of 86400 s", local[1]);
        }

        private static async Task<T> WithCultureAsync<T>(CultureInfo culture, Func<Task<T>> action)
        {
            var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
            try
            {
                return await action();
            }
            finally
            {
                (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (before, beforeUi);
            }
        }
    }
}
