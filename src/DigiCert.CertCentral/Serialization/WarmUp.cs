using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>
    /// A new process's first call spends most of its time compiling Newtonsoft.Json (it ships
    /// without precompiled code) and resolving the models' contracts. The first client created in
    /// a process starts that work on a thread-pool thread, so it overlaps with the first request's
    /// connection and sending instead of following it. It reads a small document of each response
    /// model, made from the model's own contract; nothing it does is visible, and a failure only
    /// means less was warmed.
    /// </summary>
    internal static class WarmUp
    {
        private static int _started;

        public static void StartOnce(IEnumerable<Type> responseTypes)
        {
            if (Interlocked.Exchange(ref _started, 1) != 0) return;
            var types = responseTypes.ToArray();
            ThreadPool.QueueUserWorkItem(_ =>
            {
                foreach (var type in types)
                {
                    try
                    {
                        var json = Sample(type, depth: 0);
                        using var reader = new JsonTextReader(new StringReader(json)) { ArrayPool = CharArrayPool.Instance };
                        CertCentralJson.Serializer.Deserialize(reader, type);
                    }
                    catch (Exception e) when (e is JsonException || e is FormatException || e is InvalidOperationException || e is ArgumentException || e is System.Reflection.TargetInvocationException)
                    {
                        // A sample value the model refuses: warmed as far as it got.
                    }
                }
            });
        }

        // A JSON document with a plausible value for every property, nested objects and lists included.
        private static string Sample(Type type, int depth)
        {
            var underlying = Nullable.GetUnderlyingType(type) ?? type;
            if (underlying == typeof(string)) return "\"1\"";
            if (underlying == typeof(bool)) return "true";
            if (underlying == typeof(int) || underlying == typeof(long) || underlying == typeof(double)) return "1";
            if (underlying == typeof(DateTime)) return "\"2020-01-01\"";
            if (underlying == typeof(DateTimeOffset)) return "\"2020-01-01T00:00:00+00:00\"";
            if (depth > 4) return "null";

            var contract = CertCentralJson.Serializer.ContractResolver.ResolveContract(underlying);
            switch (contract)
            {
                case JsonArrayContract array when array.CollectionItemType != null:
                    return "[" + Sample(array.CollectionItemType, depth + 1) + "]";
                case JsonObjectContract obj:
                    var text = new StringBuilder("{");
                    foreach (var property in obj.Properties.Where(p => !p.Ignored && p.PropertyType != null && p.PropertyName != null))
                    {
                        if (text.Length > 1) text.Append(',');
                        text.Append(JsonConvert.ToString(property.PropertyName)).Append(':').Append(Sample(property.PropertyType!, depth + 1));
                    }

                    return text.Append('}').ToString();
                default:
                    // An open value set (a struct with its own converter): its values are strings or whole numbers.
                    return underlying.GetConstructor(new[] { typeof(int) }) != null ? "1" : "\"1\"";
            }
        }
    }
}
