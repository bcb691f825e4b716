using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using YamlDotNet.RepresentationModel;

namespace DigiCert.CertCentral.Tests
{
    /// <summary>
    /// Reads YAML into JSON with the YAML 1.2 core schema: plain scalars become numbers, booleans
    /// or null where they look like one, quoted scalars stay strings. (NSwag.Core.Yaml's loader
    /// turns every example value into a string, so it cannot compare examples with recordings.)
    /// </summary>
    internal static class YamlJson
    {
        private static readonly Regex Integer = new Regex(@"^[-+]?[0-9]+$");
        private static readonly Regex Float = new Regex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$");

        public static JToken Load(string path)
        {
            using var reader = new StreamReader(path);
            return Load(reader);
        }

        public static JToken Load(TextReader reader)
        {
            var stream = new YamlStream();
            stream.Load(reader);
            return Convert(stream.Documents.Single().RootNode);
        }

        private static JToken Convert(YamlNode node) => node switch
        {
            YamlMappingNode map => new JObject(map.Children.Select(c => new JProperty(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
            YamlSequenceNode sequence => new JArray(sequence.Children.Select(Convert)),
            YamlScalarNode scalar => Scalar(scalar),
            _ => throw new NotSupportedException($"YAML node {node.NodeType} at {node.Start}"),
        };

        private static JToken Scalar(YamlScalarNode scalar)
        {
            var text = scalar.Value ?? string.Empty;
            if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain) return new JValue(text);
            if (text is "null" or "Null" or "NULL" or "~" or "") return JValue.CreateNull();
            if (text is "true" or "True" or "TRUE") return new JValue(true);
            if (text is "false" or "False" or "FALSE") return new JValue(false);
            if (Integer.IsMatch(text)) return new JValue(long.Parse(text, CultureInfo.InvariantCulture));
            if (Float.IsMatch(text)) return new JValue(double.Parse(text, CultureInfo.InvariantCulture));
            return new JValue(text);
        }
    }
}
