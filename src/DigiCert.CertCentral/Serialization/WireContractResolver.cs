using System;
using System.Collections;
using System.Reflection;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>
    /// Writes a list back only when the server sent one. The generated models never return a
    /// null list (null and absent read as empty, see Class.liquid); their backing field stays
    /// null until the server sends a list or the caller touches it, and that is what decides
    /// whether the field is written, so a stored model round-trips as it arrived.
    /// </summary>
    internal sealed class WireContractResolver : DefaultContractResolver
    {
        protected override JsonProperty CreateProperty(MemberInfo member, MemberSerialization memberSerialization)
        {
            var property = base.CreateProperty(member, memberSerialization);
            if (member is PropertyInfo info
                && typeof(IEnumerable).IsAssignableFrom(info.PropertyType)
                && info.PropertyType != typeof(string)
                && info.DeclaringType?.GetField("_" + info.Name, BindingFlags.Instance | BindingFlags.NonPublic) is { } backingField
                && backingField.FieldType == info.PropertyType)
            {
                property.ShouldSerialize = model => backingField.GetValue(model) != null;
            }

            return property;
        }
    }
}
