using System;
using System.Threading.Tasks;
using DigiCert.CertCentral.Tests;

namespace DigiCert.CertCentral.Samples.Tests
{
    /// <summary>
    /// Two recordings sandboxes (certcentral-sandbox serve, each on a free loopback port), standing in
    /// for the US and the EU instance, shared by the tests of the collection and stopped after them.
    /// </summary>
    public sealed class SandboxFixture : IAsyncLifetime
    {
        private RunningSandbox? _us;
        private RunningSandbox? _eu;

        /// <summary>The base URL of the sandbox standing in for the US instance.</summary>
        public Uri UnitedStates => _us?.BaseUri ?? throw new InvalidOperationException("not started");

        /// <summary>The base URL of the sandbox standing in for the EU instance.</summary>
        public Uri Europe => _eu?.BaseUri ?? throw new InvalidOperationException("not started");

        public async Task InitializeAsync()
        {
            var tool = await SandboxTool.InstalledAsync();
            _us = await tool.ServeAsync();
            _eu = await tool.ServeAsync();
        }

        public Task DisposeAsync()
        {
            _us?.Dispose();
            _eu?.Dispose();
            return Task.CompletedTask;
        }
    }

    /// <summary>The tests that call the sandboxes: one at a time, each of them a few child processes.</summary>
    [CollectionDefinition(Name)]
    public sealed class SandboxCollection : ICollectionFixture<SandboxFixture>
    {
        public const string Name = "sandbox";
    }
}
