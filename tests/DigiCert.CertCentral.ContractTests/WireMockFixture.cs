using System;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.ContractTests
{
    /// <summary>
    /// One WireMock server replaying tests/recordings for the whole contract suite. If it cannot
    /// start (no Java, say), every test fails with the same one-line reason instead of a cascade of
    /// connection errors.
    /// </summary>
    public sealed class WireMockFixture : IAsyncLifetime
    {
        private WireMockServer? _server;
        private Exception? _startError;

        public WireMockServer Server => _server ?? throw new InvalidOperationException("The WireMock server is not running: " + _startError?.Message, _startError);

        public async Task InitializeAsync()
        {
            try
            {
                _server = await WireMockServer.StartAsync(Tests.Repo.Recordings);
            }
            catch (Exception e)
            {
                _startError = e;
            }
        }

        public async Task DisposeAsync()
        {
            if (_server != null) await _server.DisposeAsync();
        }
    }

    [CollectionDefinition(Name)]
    public sealed class WireMockCollection : ICollectionFixture<WireMockFixture>
    {
        public const string Name = "WireMock";
    }
}
