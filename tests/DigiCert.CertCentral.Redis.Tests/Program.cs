using System;
using System.Threading.Tasks;
using DigiCert.CertCentral.Redis.Tests.Fleet;

namespace DigiCert.CertCentral.Redis.Tests
{
    /// <summary>The test assembly run as a program: the fleet's test host (the test runner does not call this).</summary>
    public static class Program
    {
        public static Task<int> Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "fleet-host") return FleetHost.RunAsync(args[1..]);
            Console.Error.WriteLine("usage: DigiCert.CertCentral.Redis.Tests fleet-host [--pacer redis|local] [--lease MS] [--max-retries N] <FleetPacing's options>");
            return Task.FromResult(2);
        }
    }
}
