using System.Collections.Generic;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>A generated model's fields that the description does not know, null when none came.</summary>
    internal interface IUnknownFields
    {
        IDictionary<string, object>? UnknownFields { get; }
    }
}
