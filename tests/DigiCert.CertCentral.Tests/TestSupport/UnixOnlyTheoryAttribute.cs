using System;

namespace DigiCert.CertCentral.Tests.TestSupport
{
    /// <summary>
    /// A theory that switches the machine's time zone through TZ, which .NET reads on Linux and
    /// macOS only: on Windows it is reported as skipped, not as passed.
    /// </summary>
    public sealed class UnixOnlyTheoryAttribute : TheoryAttribute
    {
        public UnixOnlyTheoryAttribute()
        {
            if (OperatingSystem.IsWindows()) Skip = "TZ sets the machine's time zone on Linux and macOS only.";
        }
    }
}
