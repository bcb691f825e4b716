using System;
using DigiCert.CertCentral.Serialization;
using DigiCert.CertCentral.Tests.TestSupport;

namespace DigiCert.CertCentral.Tests.Models
{
    /// <summary>
    /// Dates and timestamps read the same whatever the machine's time zone. The zone is changed
    /// through TZ (which .NET reads on Linux and macOS), so these tests run alone.
    /// </summary>
    [Collection(MachineTimeZoneCollection.Name)]
    public class TimeZoneTests
    {
        public static TheoryData<string> Zones => new TheoryData<string> { "UTC", "Pacific/Kiritimati", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Pago_Pago" };

        [UnixOnlyTheory]
        [MemberData(nameof(Zones))]
        public void Dates_and_timestamps_do_not_shift_with_the_machine_time_zone(string zone)
        {
            var original = Environment.GetEnvironmentVariable("TZ");
            try
            {
                Environment.SetEnvironmentVariable("TZ", zone);
                TimeZoneInfo.ClearCachedData();
                Assert.Equal(zone, TimeZoneInfo.Local.Id); // the switch took effect, or the test proves nothing

                var json = Repo.Recording("listDuplicateCertificates.seed.json");
                var certificate = CertCentralJson.Deserialize<DuplicateCertificateList>(json).Certificates[0];

                Assert.Equal(new DateTime(2016, 3, 23), certificate.ValidFrom);
                Assert.Equal(DateTimeKind.Unspecified, certificate.ValidFrom!.Value.Kind);
                Assert.Equal(new DateTime(2019, 3, 28), certificate.ValidTill);
                Assert.Equal(TimeSpan.Zero, certificate.DateCreated.Offset);
                Assert.Equal(new DateTime(2016, 3, 25, 21, 1, 40), certificate.DateCreated.DateTime);
                JsonAssert.Equal(json, CertCentralJson.Serialize(CertCentralJson.Deserialize<DuplicateCertificateList>(json)));
            }
            finally
            {
                Environment.SetEnvironmentVariable("TZ", original);
                TimeZoneInfo.ClearCachedData();
            }
        }
    }
}
