using System;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Tests
{
    /// <summary>
    /// Installs the pinned npm tools (tools/package-lock.json) on first use: the .NET build does not
    /// need Node.js, only the tests that run the spec tools do. tools/ensure-tools.js runs `npm ci`
    /// when the lock file changed, under a lock directory, so test processes running at once do not race.
    /// </summary>
    internal static class NpmTools
    {
        private static readonly Lazy<Task> Installed = new Lazy<Task>(InstallAsync);

        public static Task EnsureInstalledAsync() => Installed.Value;

        private static async Task InstallAsync()
        {
            var (exitCode, output) = await ChildProcess.RunAsync("node", new[] { System.IO.Path.Combine(Repo.Root, "tools", "ensure-tools.js") }, timeout: TimeSpan.FromMinutes(10));
            if (exitCode != 0) throw new InvalidOperationException("Installing the npm tools (node tools/ensure-tools.js) failed:\n" + output);
        }
    }
}
