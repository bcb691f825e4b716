using System.Linq;
using DigiCert.CertCentral.Serialization;

namespace DigiCert.CertCentral.Tests.Serialization
{
    /// <summary>The shared property-name table: names are shared, and a server cannot grow it without bound.</summary>
    public class PropertyNamesTests
    {
        [Fact]
        public void A_name_read_twice_is_one_string()
        {
            var first = PropertyNames.Instance.Get("common_name".ToCharArray(), 0, 11);
            var second = PropertyNames.Instance.Get("xcommon_namex".ToCharArray(), 1, 11);

            Assert.Equal("common_name", first);
            Assert.Same(first, second);
        }

        [Fact]
        public void A_server_inventing_names_cannot_grow_the_table_past_its_bound()
        {
            var body = "{" + string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"\"invented_{i}\":{i}")) + "}";

            var list = CertCentralJson.Deserialize<DuplicateCertificateList>(body);

            Assert.Equal(10_000, list.AdditionalProperties.Count); // every field is still read
            Assert.InRange(PropertyNames.Instance.Count, 1, 4096);
            var unseen = new string('z', 40).ToCharArray();
            Assert.Equal(new string('z', 40), PropertyNames.Instance.Get(unseen, 0, 40)); // past the bound, names are still returned
        }
    }
}
