using System;
using System.Reflection;
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Benchmarks.Peers
{
    /// <summary>
    /// The path this client's own calls read a body with: ResponseBody.Read with the model's
    /// generated reader, called directly (CertCentralPipeline), not through the public
    /// <c>CertCentralJson.Deserialize&lt;T&gt;</c>, which goes through Newtonsoft.Json's serializer to the
    /// model's converter. Both are internal; they are bound once, here, as delegates, so a call
    /// costs what the pipeline's does. Only for measurement: if the library renames them, this
    /// fails at start with the name to look for.
    /// </summary>
    public static class ClientInternals
    {
        public static Func<byte[], DuplicateCertificateList> ReadDuplicates { get; } = Bind<DuplicateCertificateList>();

        private static readonly Func<byte[], JsonTextReader> Reader = BindReader();

        /// <summary>JsonWire.Timestamp: how the client reads a timestamp at the reader's current token.</summary>
        public static Func<JsonReader, DateTimeOffset?> Timestamp { get; } = BindWire<DateTimeOffset?>("Timestamp");

        /// <summary>JsonWire.CalendarDate: how the client reads a calendar date at the reader's current token.</summary>
        public static Func<JsonReader, DateTime?> CalendarDate { get; } = BindWire<DateTime?>("CalendarDate");

        private static Func<JsonReader, T> BindWire<T>(string name)
        {
            var wire = typeof(CertCentralClient).Assembly.GetType("DigiCert.CertCentral.Serialization.JsonWire", throwOnError: true)!;
            var method = wire.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, new[] { typeof(JsonReader) })
                ?? throw new MissingMethodException("JsonWire", name + "(JsonReader)");
            return (Func<JsonReader, T>)method.CreateDelegate(typeof(Func<JsonReader, T>));
        }

        /// <summary>The JSON reader the client reads a UTF-8 body with: its settings, over its decoding TextReader (ResponseBody.ByteTextReader).</summary>
        public static JsonTextReader CreateReader(byte[] body) => Reader(body);

        private static Func<byte[], JsonTextReader> BindReader()
        {
            var assembly = typeof(CertCentralClient).Assembly;
            var responseBody = assembly.GetType("DigiCert.CertCentral.Serialization.ResponseBody", throwOnError: true)!;
            var textReader = responseBody.GetNestedType("ByteTextReader", BindingFlags.NonPublic) ?? throw new TypeLoadException("ResponseBody.ByteTextReader");
            var constructor = textReader.GetConstructor(new[] { typeof(byte[]), typeof(int), typeof(System.Text.Encoding) }) ?? throw new MissingMethodException("ByteTextReader", ".ctor(byte[], int, Encoding)");
            var utf8 = (System.Text.Encoding)(responseBody.GetField("StrictUtf8", BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) ?? throw new MissingFieldException("ResponseBody", "StrictUtf8"));
            var createReader = typeof(DigiCert.CertCentral.Serialization.CertCentralJson).GetMethod("CreateReader", BindingFlags.NonPublic | BindingFlags.Static)
                ?? throw new MissingMethodException("CertCentralJson", "CreateReader(TextReader)");
            var bytes = System.Linq.Expressions.Expression.Parameter(typeof(byte[]), "bytes");
            var body = System.Linq.Expressions.Expression.Call(createReader, System.Linq.Expressions.Expression.New(constructor, bytes, System.Linq.Expressions.Expression.ArrayLength(bytes), System.Linq.Expressions.Expression.Constant(utf8)));
            return System.Linq.Expressions.Expression.Lambda<Func<byte[], JsonTextReader>>(body, bytes).Compile();
        }

        private static Func<byte[], T> Bind<T>()
        {
            var assembly = typeof(CertCentralClient).Assembly;
            var responseBody = assembly.GetType("DigiCert.CertCentral.Serialization.ResponseBody", throwOnError: true)!;
            var read = Array.Find(responseBody.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static), m => m.Name == "Read" && m.GetParameters().Length == 4)
                ?? throw new MissingMethodException("ResponseBody", "Read(byte[], int, string, Func<JsonReader, T>)");
            var body = (Func<byte[], int, string?, Func<JsonReader, T?>, T>)read.MakeGenericMethod(typeof(T)).CreateDelegate(typeof(Func<byte[], int, string?, Func<JsonReader, T?>, T>));
            var readJson = typeof(T).GetMethod("ReadJson", BindingFlags.NonPublic | BindingFlags.Static, new[] { typeof(JsonReader) })
                ?? throw new MissingMethodException(typeof(T).Name, "ReadJson(JsonReader)");
            var model = (Func<JsonReader, T?>)readJson.CreateDelegate(typeof(Func<JsonReader, T?>));
            return bytes => body(bytes, bytes.Length, "utf-8", model);
        }
    }
}
