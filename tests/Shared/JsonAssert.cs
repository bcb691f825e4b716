using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.Tests
{
    internal static class JsonAssert
    {
        /// <summary>Parses without turning date-like strings into dates, so text compares as sent.</summary>
        public static JToken Parse(string json)
        {
            using var reader = new JsonTextReader(new System.IO.StringReader(json)) { DateParseHandling = DateParseHandling.None };
            return JToken.ReadFrom(reader);
        }

        public static void Equal(string expected, string actual)
        {
            var e = Parse(expected);
            var a = Parse(actual);
            Assert.True(JToken.DeepEquals(e, a), $"JSON differs.\nExpected:\n{e}\nActual:\n{a}");
        }
    }
}
