using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Tests
{
    /// <summary>
    /// Installs Debian packages the tests need when they are missing, as .ci/run does: apt-get, as
    /// root, under a lock file shared by every test process of the machine (test assemblies run at
    /// once), with apt's own lock waited for. A machine that cannot install them fails the test with
    /// the command to run; nothing is skipped.
    /// </summary>
    internal static class DebianPackages
    {
        /// <summary>The Go and Python validators of the consumer matrix (tests/consumer-matrix/run.mjs).</summary>
        public static readonly string[] ConsumerMatrix = { "golang-go", "golang-github-getkin-kin-openapi-dev", "python3-jsonschema" };

        private static readonly SemaphoreSlim InProcess = new SemaphoreSlim(1, 1);
        private static readonly string LockFile = Path.Combine(Path.GetTempPath(), "certcentral-apt-install.lock");
        private static bool _updated;

        public static async Task EnsureInstalledAsync(params string[] packages)
        {
            if ((await MissingAsync(packages)).Count == 0) return;
            await InProcess.WaitAsync();
            try
            {
                using var machineWide = await AcquireAsync(TimeSpan.FromMinutes(15));
                var missing = await MissingAsync(packages); // another process may have installed them meanwhile
                if (missing.Count == 0) return;
                var command = "apt-get install -y " + string.Join(" ", missing);
                if (!File.Exists("/usr/bin/apt-get")) throw new InvalidOperationException($"The tests need the Debian packages {string.Join(", ", missing)}, and this machine has no apt-get. Install them (Debian: {command}).");
                if (!IsRoot()) throw new InvalidOperationException($"The tests need the Debian packages {string.Join(", ", missing)}. Install them as root: sudo {command}");
                var environment = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" };
                if (!_updated)
                {
                    var (updated, updateLog) = await ChildProcess.RunAsync("apt-get", new[] { "-o", "DPkg::Lock::Timeout=300", "update", "-qq" }, timeout: TimeSpan.FromMinutes(5), environment: environment);
                    if (updated != 0) throw new InvalidOperationException("apt-get update failed:\n" + updateLog);
                    _updated = true;
                }

                var (exitCode, log) = await ChildProcess.RunAsync("apt-get", new[] { "-o", "DPkg::Lock::Timeout=300", "install", "-y", "-q" }.Concat(missing), timeout: TimeSpan.FromMinutes(10), environment: environment);
                if (exitCode != 0) throw new InvalidOperationException($"{command} failed:\n{log}");
                var still = await MissingAsync(packages);
                if (still.Count > 0) throw new InvalidOperationException($"{command} left {string.Join(", ", still)} uninstalled:\n{log}");
            }
            finally
            {
                InProcess.Release();
            }
        }

        private static async Task<List<string>> MissingAsync(IEnumerable<string> packages)
        {
            var missing = new List<string>();
            foreach (var package in packages)
            {
                if (!File.Exists("/usr/bin/dpkg-query"))
                {
                    missing.Add(package);
                    continue;
                }

                var (exitCode, status) = await ChildProcess.RunAsync("dpkg-query", new[] { "-W", "-f=${Status}", package }, timeout: TimeSpan.FromMinutes(1));
                if (exitCode != 0 || !status.Contains("install ok installed", StringComparison.Ordinal)) missing.Add(package);
            }

            return missing;
        }

        private static bool IsRoot() => string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

        // An exclusive open is a flock() on Linux: held until disposed, released if the process dies.
        private static async Task<FileStream> AcquireAsync(TimeSpan limit)
        {
            var deadline = DateTime.UtcNow + limit;
            while (true)
            {
                try
                {
                    return new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(500);
                }
            }
        }
    }
}
