using System;
using System.IO;
using DigiCert.CertCentral.Tests;

namespace DigiCert.CertCentral.OpenApi.Tests
{
    internal static class Mutations
    {
        /// <summary>Writes a changed copy of the description to a temporary file and returns its path.</summary>
        public static string WriteMutated(Func<string, string> change)
        {
            var original = File.ReadAllText(Repo.Spec);
            var changed = change(original);
            Assert.NotEqual(original, changed); // the mutation must apply, or the test proves nothing
            var path = Path.Combine(Directory.CreateTempSubdirectory("certcentral-spec-").FullName, "certcentral.yaml");
            File.WriteAllText(path, changed);
            return path;
        }
    }
}
