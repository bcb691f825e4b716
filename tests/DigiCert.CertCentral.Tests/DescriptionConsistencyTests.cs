using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using NSwag;
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Tests
{
    /// <summary>
    /// The hand-written parts of the client agree with the OpenAPI description
    /// (openapi/certcentral.yaml): its servers, its security scheme, its version, its operations,
    /// and its examples with the recordings.
    /// </summary>
    public class DescriptionConsistencyTests
    {
        [Fact]
        public async Task Regions_are_the_description_servers()
        {
            var spec = await Repo.LoadSpecAsync();

            Assert.Equal(
                spec.Servers.Select(s => s.Url.TrimEnd('/') + "/"),
                new[] { CertCentralClientOptions.UnitedStatesBaseUri.AbsoluteUri, CertCentralClientOptions.EuropeBaseUri.AbsoluteUri });
        }

        [Fact]
        public async Task The_key_header_is_the_description_security_scheme()
        {
            var spec = await Repo.LoadSpecAsync();

            var scheme = Assert.Single(spec.Components.SecuritySchemes).Value;
            Assert.Equal(OpenApiSecurityApiKeyLocation.Header, scheme.In);
            Assert.Equal(DigiCert.CertCentral.Pipeline.ApiKeyHandler.HeaderName, scheme.Name);
        }

        [Fact]
        public async Task The_assembly_records_the_description_version_it_was_generated_from()
        {
            var spec = await Repo.LoadSpecAsync();
            var recorded = typeof(CertCentralClient).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "CertCentralDescriptionVersion").Value;

            Assert.Equal(spec.Info.Version, recorded); // the package has its own version (src/Directory.Build.props)
        }

        [Theory]
        [InlineData("DuplicateCertificateListSeed", "listDuplicateCertificates.seed.json")]
        [InlineData("KeyInfoApiKey", "getKeyInfo.apiKey.json")]
        [InlineData("KeyInfoAcmeUrl", "getKeyInfo.acmeUrl.json")]
        [InlineData("OrganizationValidationListSeed", "getOrganizationValidations.seed.json")]
        public void Description_examples_are_the_recordings(string exampleName, string recording)
        {
            var example = Repo.LoadSpecJson()["components"]!["examples"]![exampleName]!["value"]!;

            JsonAssert.Equal(Repo.Recording(recording), example.ToString(Formatting.None));
        }

        [Fact]
        public async Task Every_operation_of_the_description_is_a_public_method_pair_of_the_client()
        {
            var spec = await Repo.LoadSpecAsync();
            var operations = spec.Paths.SelectMany(p => p.Value.Select(o => o.Value.OperationId)).ToList();

            // The three this package started with stay; any operation added to the description joins them.
            Assert.Subset(operations.ToHashSet(), new HashSet<string> { "getKeyInfo", "getOrganizationValidations", "listDuplicateCertificates" });
            foreach (var id in operations)
            {
                var name = char.ToUpperInvariant(id[0]) + id.Substring(1);
                foreach (var method in new[] { name + "Async", name + "WithResponseAsync" })
                {
                    var found = typeof(CertCentralClient).GetMethod(method);
                    Assert.True(found is { IsPublic: true, IsVirtual: true }, $"CertCentralClient has no public virtual {method} for the operation {id}");
                }
            }
        }
    }
}
