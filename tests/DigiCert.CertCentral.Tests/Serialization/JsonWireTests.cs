using System;
using System.Globalization;
using DigiCert.CertCentral.Serialization;
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Tests.Serialization
{
    /// <summary>The value readers' fast paths read exactly what the general parser reads.</summary>
    public class JsonWireTests
    {
        private static DateTimeOffset? Timestamp(string text) => Read(text, JsonWire.Timestamp);

        private static DateTime? CalendarDate(string text) => Read(text, JsonWire.CalendarDate);

        private static T Read<T>(string text, Func<JsonReader, T> read)
        {
            using var reader = new JsonTextReader(new System.IO.StringReader(JsonConvert.ToString(text))) { DateParseHandling = DateParseHandling.None };
            reader.Read();
            return read(reader);
        }

        [Fact]
        public void Timestamps_in_every_wire_form_read_as_the_general_parser_reads_them()
        {
            var random = new Random(20261203);
            for (var i = 0; i < 5000; i++)
            {
                var instant = new DateTimeOffset(1900 + random.Next(200), 1 + random.Next(12), 1 + random.Next(28), random.Next(24), random.Next(60), random.Next(60), TimeSpan.FromMinutes(15 * random.Next(-48, 57)))
                    .AddTicks(random.Next(10_000_000));
                var formats = new[] { "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.fffzzz", "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", "yyyy-MM-dd'T'HH:mm:ss.f", "yyyy-MM-dd" };
                var text = instant.ToString(formats[i % formats.Length], CultureInfo.InvariantCulture);
                var expected = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

                var read = Timestamp(text);

                Assert.True(read == expected && read.Value.Offset == expected.Offset, $"{text}: read {read:O}, expected {expected:O}");
                Assert.Equal(expected.DateTime.Date, CalendarDate(text)); // the date as written
            }
        }

        [Theory]
        [InlineData("2019-02-29")]
        [InlineData("2019-13-01T00:00:00")]
        [InlineData("2019-01-01T24:00:00")]
        [InlineData("2019-01-01T00:00:00+15:00")]
        [InlineData("2019-01-01T00:00:00.")]
        [InlineData("2019-01-01T00:00:00+0100x")]
        [InlineData("0000-01-01")]
        public void What_no_parser_reads_fails_as_a_wire_value(string text)
        {
            Assert.Throws<WireValueException>(() => Timestamp(text));
        }

        [Theory]
        [InlineData("0001-01-01T00:00:00+01:00")]
        [InlineData("9999-12-31T23:59:59-01:00")]
        public void An_instant_beyond_what_DateTimeOffset_holds_fails_typed_not_with_a_crash(string text)
        {
            var failure = Record.Exception(() => Timestamp(text));
            Assert.True(failure is null || failure is WireValueException, failure?.ToString());
        }
    
        [Theory]
        [InlineData("{")]
        [InlineData("{\"certificates\":[")]
        [InlineData("{\"certificates\":[{\"id\":1,")]
        [InlineData("{\"validations\":[],")]
        public void A_body_cut_short_is_refused_not_read_as_an_empty_model(string body)
        {
            Assert.ThrowsAny<JsonException>(() => CertCentralJson.Deserialize<DuplicateCertificateList>(body));
            Assert.ThrowsAny<JsonException>(() => CertCentralJson.Deserialize<OrganizationValidationList>(body));
        }
    }
}
