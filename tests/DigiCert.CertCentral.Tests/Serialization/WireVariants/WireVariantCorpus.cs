using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using DigiCert.CertCentral.Serialization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;

namespace DigiCert.CertCentral.Tests.Serialization.WireVariants
{
    /// <summary>The three operations, each with the seed samples of its 200 answer.</summary>
    internal enum Operation
    {
        ListDuplicateCertificates,
        GetKeyInfo,
        GetOrganizationValidations,
    }

    /// <summary>How a field reads, decided from the model property's C# type and converter.</summary>
    internal enum FieldKind
    {
        Text,
        Int32,
        Int64,
        Flag,
        CalendarDate,
        Timestamp,
        Url,
        StringSet,
        IntegerSet,
        List,
        Nested,
    }

    /// <summary>One field of one schema, found in a seed sample (or on the model, when the sample leaves it out).</summary>
    internal sealed record Field(string Sample, Operation Operation, string ParentPath, string Name, Type Owner, FieldKind Kind, bool Strict, Type PropertyType)
    {
        public string Path => ParentPath.Length == 0 ? Name : ParentPath + "." + Name;
    }

    /// <summary>What a variant must produce: a value (checked by kind) or a CertCentralException naming the field.</summary>
    internal sealed record Expected(bool Fails, object? Value)
    {
        public static readonly Expected Failure = new Expected(true, null);

        public static Expected Read(object? value) => new Expected(false, value);

        public static readonly Expected Empty = Read(EmptyList.Instance);
    }

    /// <summary>Marker: the field reads as an empty list.</summary>
    internal sealed class EmptyList
    {
        public static readonly EmptyList Instance = new EmptyList();

        private EmptyList()
        {
        }
    }

    /// <summary>One response the loopback server sends, and what the client must make of it.</summary>
    internal sealed record Variant(string Name, Operation Operation, byte[] Body, string ContentType, Expected Expected, Field? Field, JToken? Json)
    {
        /// <summary>The HTTP status sent; error statuses always fail, with that status.</summary>
        public int Status { get; init; } = 200;

        /// <summary>Where the expected value is read from the model, and how it compares.</summary>
        public (string Path, FieldKind Kind)? Check { get; init; } = Field is null ? null : (Field.Path, Field.Kind);
    }

    /// <summary>
    /// Generates the wire-variant corpus: for each field of each schema reachable from the three
    /// operations (walked from the seed samples and the generated models' contracts), its absent,
    /// null, other-JSON-type and edge values, each with the reading its C# type defines; plus
    /// whole-body variants (HTML, truncated, empty, charsets).
    /// </summary>
    internal static class WireVariantCorpus
    {
        public static readonly (string Recording, Operation Operation, Type Root, string TextPath)[] Samples =
        {
            ("listDuplicateCertificates.seed.json", Operation.ListDuplicateCertificates, typeof(DuplicateCertificateList), "certificates[0].common_name"),
            ("getKeyInfo.apiKey.json", Operation.GetKeyInfo, typeof(KeyInfo), "name"),
            ("getKeyInfo.acmeUrl.json", Operation.GetKeyInfo, typeof(KeyInfo), "organization_name"),
            ("getOrganizationValidations.seed.json", Operation.GetOrganizationValidations, typeof(OrganizationValidationList), "validations[1].verified_users[0].first_name"),
        };

        // The models' wire names follow the templates' rule (PascalCase of snake_case), so a
        // snake_case resolver maps each C# property back to its JSON field.
        private static readonly IContractResolver Contracts = new WireNames();

        private sealed class WireNames : DefaultContractResolver
        {
            public WireNames() => NamingStrategy = new SnakeCaseNamingStrategy();

            protected override IList<JsonProperty> CreateProperties(Type type, MemberSerialization memberSerialization) =>
                base.CreateProperties(type, memberSerialization).Where(p => p.Writable && p.PropertyName != "additional_properties").ToList();
        }

        /// <summary>Every field, each (model type, JSON name) once per sample; fields a sample leaves out come from the model.</summary>
        public static IReadOnlyList<Field> Fields()
        {
            var fields = new List<Field>();
            foreach (var (recording, operation, root, _) in Samples)
            {
                var seen = new HashSet<(Type, string)>();
                Walk(recording, operation, (JObject)JsonAssert.Parse(Repo.Recording(recording)), root, string.Empty, seen, fields);
            }

            return fields;
        }

        private static void Walk(string sample, Operation operation, JObject json, Type model, string path, HashSet<(Type, string)> seen, List<Field> fields)
        {
            var contract = (JsonObjectContract)Contracts.ResolveContract(model);
            foreach (var property in contract.Properties.Where(p => !p.Ignored && p.PropertyName != null))
            {
                var name = property.PropertyName!;
                var kind = KindOf(property);
                if (seen.Add((model, name)))
                {
                    fields.Add(new Field(sample, operation, path, name, model, kind, IsStrict(model, property), property.PropertyType!));
                }

                var childPath = path.Length == 0 ? name : path + "." + name;
                if (kind == FieldKind.Nested && json[name] is JObject nested)
                {
                    Walk(sample, operation, nested, property.PropertyType!, childPath, seen, fields);
                }
                else if (kind == FieldKind.List && json[name] is JArray items && ElementType(property.PropertyType!) is { } element && IsModel(element))
                {
                    for (var i = 0; i < items.Count; i++)
                    {
                        if (items[i] is JObject item) Walk(sample, operation, item, element, $"{childPath}[{i}]", seen, fields);
                    }
                }
            }
        }

        /// <summary>The model types reachable from the three operations' answers.</summary>
        public static IReadOnlyCollection<Type> ModelTypes()
        {
            var found = new HashSet<Type>();
            var pending = new Stack<Type>(Samples.Select(s => s.Root).Distinct());
            while (pending.Count > 0)
            {
                var type = pending.Pop();
                if (!found.Add(type)) continue;
                foreach (var property in ((JsonObjectContract)Contracts.ResolveContract(type)).Properties)
                {
                    var target = ElementType(property.PropertyType!) ?? Nullable.GetUnderlyingType(property.PropertyType!) ?? property.PropertyType!;
                    if (IsModel(target)) pending.Push(target);
                }
            }

            return found;
        }

        public static FieldKind KindOf(JsonProperty property)
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType!) ?? property.PropertyType!;
            if (type == typeof(string)) return FieldKind.Text;
            if (type == typeof(int)) return FieldKind.Int32;
            if (type == typeof(long)) return FieldKind.Int64;
            if (type == typeof(bool)) return FieldKind.Flag;
            if (type == typeof(DateTime)) return FieldKind.CalendarDate;
            if (type == typeof(DateTimeOffset)) return FieldKind.Timestamp;
            if (type == typeof(Uri)) return FieldKind.Url;
            if (ElementType(type) != null) return FieldKind.List;
            if (type.IsValueType && type.GetProperty("Value")?.PropertyType == typeof(string)) return FieldKind.StringSet;
            if (type.IsValueType && type.GetProperty("Value")?.PropertyType == typeof(int)) return FieldKind.IntegerSet;
            if (IsModel(type)) return FieldKind.Nested;
            throw new InvalidOperationException($"The corpus does not know how {type} reads; add its kind.");
        }

        // Strict, from the description (not from the generated code): a required field holding
        // a single value. Required lists and nested objects are tolerated (read empty / null), and
        // so are open integer sets, which the wire sends as null (restricted_to_role_id: null).
        private static bool IsStrict(Type model, JsonProperty property)
        {
            var schema = Repo.LoadSpecJson()["components"]!["schemas"]![model.Name]
                ?? throw new InvalidOperationException($"No schema named {model.Name} in the description.");
            var required = (schema["required"] as JArray)?.Values<string>().Contains(property.PropertyName) == true;
            var nullable = schema["properties"]?[property.PropertyName!]?["nullable"]?.Value<bool>() == true;
            return required && !nullable && KindOf(property) is not (FieldKind.List or FieldKind.Nested or FieldKind.IntegerSet);
        }

        private static Type? ElementType(Type type) =>
            type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type != typeof(string) ? type.GetGenericArguments()[0] : null;

        private static bool IsModel(Type type) => type.IsClass && type.Namespace == typeof(KeyInfo).Namespace && type != typeof(string);

        /// <summary>The values a field of this kind is sent with, each with its reading.</summary>
        public static IEnumerable<(string Label, JToken Token, Expected Expected)> ValuesFor(Field field)
        {
            var longText = new string('x', 5000);
            switch (field.Kind)
            {
                case FieldKind.Text:
                    yield return ("empty string", "", Expected.Read(""));
                    yield return ("non-ASCII", "Jörg Çelik ✓ 日本", Expected.Read("Jörg Çelik ✓ 日本"));
                    yield return ("long text", longText, Expected.Read(longText));
                    yield return ("number", 12345, Expected.Read("12345"));
                    yield return ("huge number", JToken.Parse("123456789012345678901234567890"), Expected.Read("123456789012345678901234567890"));
                    yield return ("decimal", 1.5, Expected.Read("1.5"));
                    yield return ("boolean", true, Expected.Read("true"));
                    yield return ("object", new JObject(), Expected.Failure);
                    yield return ("array", new JArray("a"), Expected.Failure);
                    break;
                case FieldKind.Int32:
                case FieldKind.Int64:
                    var wide = field.Kind == FieldKind.Int64;
                    yield return ("number", 42, Expected.Read(42L));
                    yield return ("digit string", "42", Expected.Read(42L));
                    yield return ("zero-padded string", "007", Expected.Read(7L));
                    yield return ("zero", 0, Expected.Read(0L));
                    yield return ("Int32 max", int.MaxValue, Expected.Read((long)int.MaxValue));
                    yield return ("beyond Int32", 2147483648L, wide ? Expected.Read(2147483648L) : Expected.Failure);
                    yield return ("beyond Int32 as string", "3000000000", wide ? Expected.Read(3000000000L) : Expected.Failure);
                    yield return ("Int64 max", long.MaxValue, wide ? Expected.Read(long.MaxValue) : Expected.Failure);
                    yield return ("beyond Int64", JToken.Parse("9223372036854775808"), Expected.Failure);
                    yield return ("huge digit string", "99999999999999999999999", Expected.Failure);
                    yield return ("decimal", 1.5, Expected.Failure);
                    yield return ("decimal string", "1.5", Expected.Failure);
                    yield return ("empty string", "", Expected.Failure);
                    yield return ("word", "abc", Expected.Failure);
                    yield return ("boolean", true, Expected.Failure);
                    yield return ("object", new JObject(), Expected.Failure);
                    yield return ("array", new JArray(1), Expected.Failure);
                    break;
                case FieldKind.Flag:
                    yield return ("true", true, Expected.Read(true));
                    yield return ("false", false, Expected.Read(false));
                    yield return ("1", 1, Expected.Read(true));
                    yield return ("0", 0, Expected.Read(false));
                    yield return ("\"1\"", "1", Expected.Read(true));
                    yield return ("\"0\"", "0", Expected.Read(false));
                    yield return ("\"true\"", "true", Expected.Read(true));
                    yield return ("\"false\"", "false", Expected.Read(false));
                    yield return ("\"yes\"", "yes", Expected.Failure);
                    yield return ("2", 2, Expected.Failure);
                    yield return ("empty string", "", Expected.Failure);
                    yield return ("object", new JObject(), Expected.Failure);
                    break;
                case FieldKind.CalendarDate:
                    yield return ("date", "2019-03-28", Expected.Read(new DateTime(2019, 3, 28)));
                    yield return ("UTC midnight timestamp", "2019-03-28T00:00:00+00:00", Expected.Read(new DateTime(2019, 3, 28)));
                    yield return ("06:00 UTC (midnight in Denver)", "2019-03-28T06:00:00+00:00", Expected.Read(new DateTime(2019, 3, 28)));
                    yield return ("timestamp west of UTC", "2019-03-27T18:00:00-06:00", Expected.Read(new DateTime(2019, 3, 27)));
                    yield return ("timestamp at +14", "2019-03-28T23:59:59+14:00", Expected.Read(new DateTime(2019, 3, 28)));
                    yield return ("timestamp without offset", "2019-03-28 23:30:00", Expected.Read(new DateTime(2019, 3, 28)));
                    yield return ("timestamp Z", "2019-03-28T12:00:00Z", Expected.Read(new DateTime(2019, 3, 28)));
                    yield return ("day-first date", "28/03/2019", Expected.Failure);
                    yield return ("impossible date", "2019-02-30", Expected.Failure);
                    yield return ("garbage", "not a date", Expected.Failure);
                    yield return ("empty string", "", Expected.Failure);
                    yield return ("number", 20190328, Expected.Failure);
                    yield return ("object", new JObject(), Expected.Failure);
                    break;
                case FieldKind.Timestamp:
                    yield return ("offset +00:00", "2016-03-25T21:01:40+00:00", Expected.Read(new DateTimeOffset(2016, 3, 25, 21, 1, 40, TimeSpan.Zero)));
                    yield return ("space, no offset", "2016-03-25 21:01:40", Expected.Read(new DateTimeOffset(2016, 3, 25, 21, 1, 40, TimeSpan.Zero)));
                    yield return ("T, no offset", "2016-03-25T21:01:40", Expected.Read(new DateTimeOffset(2016, 3, 25, 21, 1, 40, TimeSpan.Zero)));
                    yield return ("Z", "2016-03-25T21:01:40Z", Expected.Read(new DateTimeOffset(2016, 3, 25, 21, 1, 40, TimeSpan.Zero)));
                    yield return ("fraction and +05:30", "2016-03-25T21:01:40.123+05:30", Expected.Read(new DateTimeOffset(2016, 3, 25, 21, 1, 40, 123, TimeSpan.FromMinutes(330))));
                    yield return ("06:00 UTC", "2019-11-09T06:00:00+00:00", Expected.Read(new DateTimeOffset(2019, 11, 9, 6, 0, 0, TimeSpan.Zero)));
                    yield return ("-06:00", "2019-11-09T00:00:00-06:00", Expected.Read(new DateTimeOffset(2019, 11, 9, 0, 0, 0, TimeSpan.FromHours(-6))));
                    yield return ("+14:00", "2019-11-09T00:30:00+14:00", Expected.Read(new DateTimeOffset(2019, 11, 9, 0, 30, 0, TimeSpan.FromHours(14))));
                    yield return ("date only", "2016-03-25", Expected.Read(new DateTimeOffset(2016, 3, 25, 0, 0, 0, TimeSpan.Zero)));
                    yield return ("impossible month", "2016-13-45T00:00:00", Expected.Failure);
                    yield return ("garbage", "yesterday", Expected.Failure);
                    yield return ("empty string", "", Expected.Failure);
                    yield return ("number", 1458939700, Expected.Failure);
                    yield return ("object", new JObject(), Expected.Failure);
                    break;
                case FieldKind.Url:
                    yield return ("https URL", "https://www.example.com/a?b=c", Expected.Read(new Uri("https://www.example.com/a?b=c")));
                    yield return ("no scheme", "www.example.com", Expected.Read(new Uri("www.example.com", UriKind.Relative)));
                    yield return ("path only", "/install/nginx", Expected.Read(new Uri("/install/nginx", UriKind.Relative)));
                    yield return ("empty string", "", Expected.Read(new Uri("", UriKind.Relative)));
                    yield return ("not a URI at all", "http://exa mple.com:99999/", Expected.Failure);
                    yield return ("number", 5, Expected.Failure);
                    yield return ("object", new JObject(), Expected.Failure);
                    break;
                case FieldKind.StringSet:
                    yield return ("unknown value", "brand_new_value", Expected.Read("brand_new_value"));
                    yield return ("empty string", "", Expected.Read(""));
                    yield return ("number", 7, Expected.Read("7"));
                    yield return ("boolean", true, Expected.Failure);
                    yield return ("object", new JObject(), Expected.Failure);
                    yield return ("array", new JArray(), Expected.Failure);
                    break;
                case FieldKind.IntegerSet:
                    yield return ("unknown value", 104, Expected.Read(104L));
                    yield return ("digit string", "101", Expected.Read(101L));
                    yield return ("beyond Int32", 2147483648L, Expected.Failure);
                    yield return ("word", "admin", Expected.Failure);
                    yield return ("object", new JObject(), Expected.Failure);
                    break;
                case FieldKind.List:
                    yield return ("empty list", new JArray(), Expected.Empty);
                    yield return ("only null items", new JArray(JValue.CreateNull(), JValue.CreateNull()), Expected.Empty);
                    yield return ("string", "a", Expected.Failure);
                    yield return ("object", new JObject(), Expected.Failure);
                    yield return ("number", 5, Expected.Failure);
                    break;
                case FieldKind.Nested:
                    var nestedType = Nullable.GetUnderlyingType(field.PropertyType) ?? field.PropertyType;
                    var hasStrictFields = ((JsonObjectContract)Contracts.ResolveContract(nestedType)).Properties.Any(p => IsStrict(nestedType, p));
                    yield return ("empty object", new JObject(), hasStrictFields ? Expected.Failure : Expected.Read(new JObject()));
                    yield return ("string", "a", Expected.Failure);
                    yield return ("array", new JArray(), Expected.Failure);
                    break;
            }
        }

        /// <summary>How absent and null read: strict fields fail; lists are empty; everything else is null.</summary>
        public static Expected Missing(Field field) =>
            field.Strict ? Expected.Failure : field.Kind == FieldKind.List ? Expected.Empty : Expected.Read(null);

        /// <summary>Every variant of every field, then the whole-body variants.</summary>
        public static IReadOnlyList<Variant> Variants()
        {
            var variants = new List<Variant>();
            foreach (var field in Fields())
            {
                var sample = (JObject)JsonAssert.Parse(Repo.Recording(field.Sample));
                variants.Add(Mutate(field, sample, "absent", parent => parent.Remove(field.Name), Missing(field)));
                variants.Add(Mutate(field, sample, "null", parent => parent[field.Name] = JValue.CreateNull(), Missing(field)));
                foreach (var (label, token, expected) in ValuesFor(field))
                {
                    variants.Add(Mutate(field, sample, label, parent => parent[field.Name] = token.DeepClone(), expected));
                }
            }

            foreach (var (recording, operation, root, textPath) in Samples)
            {
                variants.AddRange(WholeBodyVariants(recording, operation, root, textPath));
            }

            return variants;
        }

        private static Variant Mutate(Field field, JObject sample, string label, Action<JObject> change, Expected expected)
        {
            var json = (JObject)sample.DeepClone();
            var parent = field.ParentPath.Length == 0 ? json : (JObject)json.SelectToken(field.ParentPath)!;
            change(parent);
            var body = Encoding.UTF8.GetBytes(json.ToString(Formatting.None));
            return new Variant($"{field.Sample} {field.Path} ({field.Kind}): {label}", field.Operation, body, "application/json", expected, field, json);
        }

        private static IEnumerable<Variant> WholeBodyVariants(string recording, Operation operation, Type root, string textPath)
        {
            var sample = (JObject)JsonAssert.Parse(Repo.Recording(recording));
            var text = sample.ToString(Formatting.None);
            var isList = root != typeof(KeyInfo);
            Variant Body(string label, byte[] body, string contentType, Expected expected, JToken? json = null) =>
                new Variant($"{recording} body: {label}", operation, body, contentType, expected, null, json) { Check = json is null ? null : (textPath, FieldKind.Text) };

            yield return Body("HTML maintenance page", Encoding.UTF8.GetBytes("<html><body><h1>Down for maintenance</h1></body></html>"), "text/html", Expected.Failure);
            yield return Body("truncated JSON", Encoding.UTF8.GetBytes(text.Substring(0, text.Length / 2)), "application/json", Expected.Failure);
            yield return Body("empty body", Array.Empty<byte>(), "application/json", Expected.Failure);
            yield return Body("JSON null", Encoding.UTF8.GetBytes("null"), "application/json", Expected.Failure);
            yield return Body("top-level array", Encoding.UTF8.GetBytes("[]"), "application/json", Expected.Failure);
            yield return Body("top-level string", Encoding.UTF8.GetBytes("\"ok\""), "application/json", Expected.Failure);
            yield return Body("nested 200 levels deep", Encoding.UTF8.GetBytes("{\"x\":" + new string('[', 200) + new string(']', 200) + "}"), "application/json", Expected.Failure);
            var listName = isList ? sample.Properties().First().Name : string.Empty;
            yield return Body("empty object", Encoding.UTF8.GetBytes("{}"), "application/json", isList ? Expected.Empty : Expected.Failure) with { Check = isList ? (listName, FieldKind.List) : null };

            // Charsets: one text field carries characters outside ASCII, encoded as declared.
            var name = "Jörg Müller-Ñúñez";
            var withName = (JObject)sample.DeepClone();
            ((JValue)withName.SelectToken(textPath)!).Value = name;
            var json = withName.ToString(Formatting.None);
            var readsName = Expected.Read(name);
            yield return Body("UTF-8, no charset", Encoding.UTF8.GetBytes(json), "application/json", readsName, withName);
            yield return Body("UTF-8 with BOM", Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(json)).ToArray(), "application/json; charset=utf-8", readsName, withName);
            yield return Body("ISO-8859-1 declared", Encoding.Latin1.GetBytes(json), "application/json; charset=ISO-8859-1", readsName, withName);
            yield return Body("UTF-16 declared", Encoding.Unicode.GetBytes(json), "application/json; charset=utf-16", readsName, withName);
            yield return Body("UTF-16 with BOM, no charset", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(json)).ToArray(), "application/json", readsName, withName);
            yield return Body("UTF-16 without BOM or charset", Encoding.Unicode.GetBytes(json), "application/json", readsName, withName);
            yield return Body("UTF-16BE without BOM or charset", Encoding.BigEndianUnicode.GetBytes(json), "application/json", readsName, withName);
            yield return Body("UTF-16BE declared utf-16, no BOM", Encoding.BigEndianUnicode.GetBytes(json), "application/json; charset=utf-16", readsName, withName);
            yield return Body("UTF-16BE declared utf-16, with BOM", Encoding.BigEndianUnicode.GetPreamble().Concat(Encoding.BigEndianUnicode.GetBytes(json)).ToArray(), "application/json; charset=utf-16", readsName, withName);
            yield return Body("quoted charset", Encoding.UTF8.GetBytes(json), "application/json; charset=\"UTF-8\"", readsName, withName);
            yield return Body("ISO-8859-1 bytes sent as UTF-8", Encoding.Latin1.GetBytes(json), "application/json; charset=utf-8", Expected.Failure);
            yield return Body("unknown charset", Encoding.UTF8.GetBytes(json), "application/json; charset=x-klingon", Expected.Failure);
            yield return Body("UTF-7 declared (unsupported by .NET)", Encoding.UTF8.GetBytes(json), "application/json; charset=utf-7", Expected.Failure);

            // Error statuses: the same bodies, read as DigiCert's error JSON or shown as an excerpt.
            var notFound = Encoding.UTF8.GetBytes("{\"errors\":[{\"code\":\"not_found|order\",\"message\":\"Order not found.\"}]}");
            yield return Body("404 DigiCert error", notFound, "application/json", Expected.Failure) with { Status = 404 };
            yield return Body("404 DigiCert error in ISO-8859-1", Encoding.Latin1.GetBytes("{\"errors\":[{\"code\":\"not_found|order\",\"message\":\"Jörg's order not found.\"}]}"), "application/json; charset=ISO-8859-1", Expected.Failure) with { Status = 404 };
            yield return Body("500 HTML page", Encoding.UTF8.GetBytes("<html><body>Internal error</body></html>"), "text/html", Expected.Failure) with { Status = 500 };
            yield return Body("400 truncated JSON", Encoding.UTF8.GetBytes("{\"errors\":[{\"code\":"), "application/json", Expected.Failure) with { Status = 400 };
            yield return Body("403 unknown charset", notFound, "application/json; charset=x-klingon", Expected.Failure) with { Status = 403 };
            yield return Body("404 UTF-7 charset", notFound, "application/json; charset=UTF-7", Expected.Failure) with { Status = 404 };
            yield return Body("401 invalid UTF-8", new byte[] { 0x7B, 0xFF, 0xFE, 0x7D }, "application/json", Expected.Failure) with { Status = 401 };
            yield return Body("418 empty body", Array.Empty<byte>(), "application/json", Expected.Failure) with { Status = 418 };
        }

        /// <summary>Reads the model's value at a JSON path (<c>certificates[0].server_platform.id</c>) through the serializer's own contracts.</summary>
        public static object? ValueAt(object root, string path)
        {
            object? current = root;
            foreach (var part in path.Split('.'))
            {
                var name = part;
                var index = -1;
                var bracket = part.IndexOf('[');
                if (bracket >= 0)
                {
                    name = part.Substring(0, bracket);
                    index = int.Parse(part.Substring(bracket + 1, part.Length - bracket - 2), CultureInfo.InvariantCulture);
                }

                if (current is null) return null;
                var contract = (JsonObjectContract)Contracts.ResolveContract(current.GetType());
                current = contract.Properties.GetProperty(name, StringComparison.Ordinal)!.ValueProvider!.GetValue(current);
                if (index >= 0) current = ((IList)current!)[index];
            }

            return current;
        }
    }
}
