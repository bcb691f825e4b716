using DigiCert.CertCentral.Serialization;

namespace DigiCert.CertCentral.Tests.Serialization
{
    /// <summary>Models stored with CertCentralJson read back as they arrived.</summary>
    public class CertCentralJsonTests
    {
        [Fact]
        public void Serialize_writes_the_same_wire_form_before_and_after_the_lists_are_read()
        {
            const string Json = "{\"type\":\"ev\",\"name\":\"EV\",\"description\":\"d\",\"status\":\"pending\"}";
            var validation = CertCentralJson.Deserialize<OrganizationValidation>(Json);
            var before = CertCentralJson.Serialize(validation);

            Assert.Empty(validation.VerifiedUsers); // reading the list creates it
            var after = CertCentralJson.Serialize(validation);

            JsonAssert.Equal(Json, before);
            Assert.Equal(before, after); // an absent verified_users stays absent
        }

        [Fact]
        public void A_list_the_server_sent_empty_is_written_back_empty_and_one_the_caller_filled_is_written()
        {
            var sentEmpty = CertCentralJson.Deserialize<OrganizationValidation>("{\"type\":\"ev\",\"name\":\"EV\",\"description\":\"d\",\"status\":\"pending\",\"verified_users\":[]}");
            var filled = CertCentralJson.Deserialize<OrganizationValidation>("{\"type\":\"ev\",\"name\":\"EV\",\"description\":\"d\",\"status\":\"pending\"}");
            filled.VerifiedUsers.Add(CertCentralModelFactory.UserSummary(id: 1, firstName: "A", lastName: "B"));

            Assert.Contains("\"verified_users\":[]", CertCentralJson.Serialize(sentEmpty));
            Assert.Contains("\"verified_users\":[{\"id\":1,\"first_name\":\"A\",\"last_name\":\"B\"}]", CertCentralJson.Serialize(filled));
        }

        [Fact]
        public void JsonConvert_with_default_settings_writes_and_reads_the_wire_form_too()
        {
            var model = CertCentralJson.Deserialize<DuplicateCertificateList>(Repo.Recording("listDuplicateCertificates.seed.json"));

            var written = Newtonsoft.Json.JsonConvert.SerializeObject(model);
            var read = Newtonsoft.Json.JsonConvert.DeserializeObject<DuplicateCertificateList>(written)!;

            JsonAssert.Equal(Repo.Recording("listDuplicateCertificates.seed.json"), written);
            Assert.Equal(model.Certificates[0].ValidTill, read.Certificates[0].ValidTill);
        }
    
        [Fact]
        public void Errors_are_written_and_read_in_the_wire_form()
        {
            var error = CertCentralJson.Deserialize<ErrorDetail>("{\"code\":\"not_found|order\",\"message\":\"Order not found.\",\"ref\":7}");

            Assert.Equal("not_found", error.BaseCode);
            JsonAssert.Equal("{\"code\":\"not_found|order\",\"message\":\"Order not found.\",\"ref\":7}", CertCentralJson.Serialize(error));
        }
    }
}
