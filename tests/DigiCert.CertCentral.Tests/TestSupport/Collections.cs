namespace DigiCert.CertCentral.Tests.TestSupport
{
    /// <summary>Tests that assert on elapsed time run alone, not beside load tests.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class TimingCollection
    {
        public const string Name = "Timing (runs alone)";
    }

    /// <summary>Tests that listen to the client's activities (spans) or meters, one at a time.</summary>
    [CollectionDefinition(Name)]
    public class ActivityCollection
    {
        public const string Name = "Activity listeners";
    }

    /// <summary>Tests that change the machine's time zone (TZ) run alone.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public class MachineTimeZoneCollection
    {
        public const string Name = "Machine time zone";
    }
}
