using System;
using System.Linq;
using DigiCert.CertCentral.Sandbox;
using WireMock.Logging;
using Xunit.Sdk;

namespace DigiCert.CertCentral.ContractTests
{
    /// <summary>
    /// One WireMock.Net server, in process, replaying tests/recordings for the whole contract
    /// suite on 127.0.0.1 and a free port; stopped when the suite ends.
    /// </summary>
    public sealed class WireMockFixture : IDisposable
    {
        public WireMockFixture() => Server = RecordingServer.Start(Tests.Repo.Recordings);

        public RecordingServer Server { get; }

        /// <summary>Fails with WireMock.Net's near-miss report when a request matched no recording.</summary>
        public void AssertAllRequestsMatched()
        {
            var report = Server.NearMissReport();
            if (report != null) throw new XunitException(report);
        }

        public void Dispose() => Server.Dispose();
    }

    [CollectionDefinition(Name)]
    public sealed class WireMockCollection : ICollectionFixture<WireMockFixture>
    {
        public const string Name = "WireMock";
    }
}
