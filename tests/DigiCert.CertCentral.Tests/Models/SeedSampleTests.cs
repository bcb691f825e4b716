using System;
using System.Linq;
using DigiCert.CertCentral.Serialization;

namespace DigiCert.CertCentral.Tests.Models
{
    /// <summary>Each documentation sample deserializes with every field as the server sent it.</summary>
    public class SeedSampleTests
    {
        [Fact]
        public void Duplicate_certificates_sample_reads_every_field()
        {
            var list = CertCentralJson.Deserialize<DuplicateCertificateList>(Repo.Recording("listDuplicateCertificates.seed.json"));

            Assert.Equal(3, list.Certificates.Count);
            var issued = list.Certificates[0];
            Assert.Equal(12345, issued.Id);
            Assert.Equal("<thumbprint>", issued.Thumbprint);
            Assert.Equal("<serial_number>", issued.SerialNumber);
            Assert.Equal("example.com", issued.CommonName);
            Assert.Equal(new[] { "sub.example.com" }, issued.DnsNames);
            Assert.Equal(CertificateStatus.Approved, issued.Status);
            Assert.Equal(new DateTimeOffset(2016, 3, 25, 21, 1, 40, TimeSpan.Zero), issued.DateCreated);
            Assert.Equal(TimeSpan.Zero, issued.DateCreated.Offset);
            Assert.Equal(new DateTime(2016, 3, 23), issued.ValidFrom);
            Assert.Equal(new DateTime(2019, 3, 28), issued.ValidTill);
            Assert.Equal(111, issued.DaysRemaining);
            Assert.Equal("<csr>", issued.Csr);
            Assert.Equal(45, issued.ServerPlatform!.Id);
            Assert.Equal("nginx", issued.ServerPlatform!.Name);
            Assert.Equal("http://www.digicert.com/ssl-certificate-installation-nginx.htm", issued.ServerPlatform!.InstallUrl);
            Assert.Equal("http://www.digicert.com/csr-creation-nginx.htm", issued.ServerPlatform!.CsrUrl);
            Assert.Equal("sha256", issued.SignatureHash);
            Assert.Equal(2048, issued.KeySize);
            Assert.Equal("1005", issued.CaCertId);
            Assert.Equal("111", issued.SubId);
            Assert.Equal("<public_id>", issued.PublicId);
            Assert.False(issued.Archived);
            Assert.Equal(2, issued.UserId);
            Assert.Equal("Jan", issued.Firstname);
            Assert.Equal("Sport", issued.Lastname);
            Assert.Empty(issued.AdditionalProperties);

            var rejected = list.Certificates[1];
            Assert.Equal(23456, rejected.Id);
            Assert.Equal(CertificateStatus.Rejected, rejected.Status);
            Assert.Equal("anewdomain.com", rejected.CommonName);
            Assert.Equal("112", rejected.SubId);
            Assert.Equal(5, rejected.UserId);
            Assert.Equal(("John", "Someone"), (rejected.Firstname, rejected.Lastname));

            var pending = list.Certificates[2];
            Assert.Equal(34567, pending.Id);
            Assert.Equal(CertificateStatus.Pending, pending.Status);
            Assert.Equal(new DateTimeOffset(2018, 11, 15, 22, 41, 43, TimeSpan.Zero), pending.DateCreated);
            Assert.Equal(("Jill", "Valentine"), (pending.Firstname, pending.Lastname));

            foreach (var unissued in new[] { rejected, pending })
            {
                Assert.Null(unissued.Thumbprint);
                Assert.Null(unissued.SerialNumber);
                Assert.Null(unissued.ValidFrom);
                Assert.Null(unissued.ValidTill);
                Assert.Null(unissued.DaysRemaining);
                Assert.Equal("<csr>", unissued.Csr);
                Assert.Equal("nginx", unissued.ServerPlatform!.Name);
                Assert.Equal(("sha256", 2048, "1005", "<public_id>"), (unissued.SignatureHash, unissued.KeySize, unissued.CaCertId, unissued.PublicId));
                Assert.False(unissued.Archived);
            }
        }

        [Fact]
        public void Api_key_sample_reads_every_field()
        {
            var key = CertCentralJson.Deserialize<KeyInfo>(Repo.Recording("getKeyInfo.apiKey.json"));

            Assert.Equal(184, key.Id);
            Assert.Equal(125039, key.User!.Id);
            Assert.Equal("John", key.User!.FirstName);
            Assert.Equal("Smith", key.User!.LastName);
            Assert.Equal(KeyStatus.Active, key.Status);
            Assert.Equal(new DateTimeOffset(2018, 8, 7, 23, 27, 58, TimeSpan.Zero), key.CreateDate);
            Assert.Equal(new DateTimeOffset(2018, 8, 18, 19, 8, 19, TimeSpan.Zero), key.LastUsedDate);
            Assert.Equal("Key Name", key.Name);
            Assert.False(key.IsLegacy);
            Assert.Equal(ApiKeyRole.Unrestricted, key.RestrictedToRoleId);
            Assert.False(key.IsAcmeUrl);
            Assert.Null(key.AcmeDirectoryUrl);
            Assert.Null(key.ProductNameId);
            Assert.Null(key.ProductName);
            Assert.Null(key.OrganizationId);
            Assert.Null(key.OrganizationName);
            Assert.Null(key.ValidityDays);
            Assert.Null(key.ValidityYears);
        }

        [Fact]
        public void Acme_url_sample_reads_every_field()
        {
            var key = CertCentralJson.Deserialize<KeyInfo>(Repo.Recording("getKeyInfo.acmeUrl.json"));

            Assert.Equal(15, key.Id);
            Assert.Equal((10, "Jill", "Valentine"), (key.User!.Id, key.User!.FirstName, key.User!.LastName));
            Assert.Equal(KeyStatus.Active, key.Status);
            Assert.Equal(new DateTimeOffset(2018, 11, 20, 22, 27, 47, TimeSpan.Zero), key.CreateDate);
            Assert.Null(key.LastUsedDate);
            Assert.Equal("ACME URL Name", key.Name);
            Assert.False(key.IsLegacy);
            Assert.Equal(ApiKeyRole.Unrestricted, key.RestrictedToRoleId);
            Assert.True(key.IsAcmeUrl);
            Assert.Equal("******nnAA", key.AcmeDirectoryUrl);
            Assert.Equal("ssl_plus", key.ProductNameId);
            Assert.Equal("Standard SSL", key.ProductName);
            Assert.Equal(123456, key.OrganizationId);
            Assert.Equal("STARS", key.OrganizationName);
            Assert.Equal(0, key.ValidityDays);
            Assert.Equal(2, key.ValidityYears);
        }

        [Fact]
        public void Organization_validations_sample_reads_every_field()
        {
            var list = CertCentralJson.Deserialize<OrganizationValidationList>(Repo.Recording("getOrganizationValidations.seed.json"));

            Assert.Equal(2, list.Validations.Count);
            var ov = list.Validations[0];
            Assert.Equal(ValidationType.Ov, ov.Type);
            Assert.Equal("OV", ov.Name);
            Assert.Equal("Normal Organization Validation", ov.Description);
            Assert.Equal(new DateTimeOffset(2018, 10, 9, 19, 29, 2, TimeSpan.Zero), ov.DateCreated);
            Assert.Equal(new DateTimeOffset(2019, 11, 9, 20, 28, 55, TimeSpan.Zero), ov.ValidatedUntil);
            Assert.Equal(ValidationStatus.Active, ov.Status);
            Assert.Empty(ov.VerifiedUsers);

            var ev = list.Validations[1];
            Assert.Equal(ValidationType.Ev, ev.Type);
            Assert.Equal("EV", ev.Name);
            Assert.Equal("Extended Organization Validation (EV)", ev.Description);
            Assert.Equal(ValidationStatus.Pending, ev.Status);
            Assert.Null(ev.DateCreated);
            Assert.Null(ev.ValidatedUntil);
            Assert.Equal(
                new[] { (12L, "John", "Smith"), (9L, "Destinee", "Church") },
                ev.VerifiedUsers.Select(u => (u.Id, u.FirstName, u.LastName)));
        }

        [Theory]
        [InlineData("listDuplicateCertificates.seed.json", typeof(DuplicateCertificateList))]
        [InlineData("getKeyInfo.apiKey.json", typeof(KeyInfo))]
        [InlineData("getKeyInfo.acmeUrl.json", typeof(KeyInfo))]
        [InlineData("getOrganizationValidations.seed.json", typeof(OrganizationValidationList))]
        public void Sample_serializes_back_to_the_same_json(string recording, Type modelType)
        {
            var json = Repo.Recording(recording);
            var model = Newtonsoft.Json.JsonConvert.DeserializeObject(json, modelType, CertCentralJson.CreateSettings())!;

            JsonAssert.Equal(json, CertCentralJson.Serialize(model));
        }
    }
}
