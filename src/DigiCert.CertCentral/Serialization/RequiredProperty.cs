using System.Runtime.CompilerServices;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>Used by the generated models to record which required properties were set.</summary>
    internal static class RequiredProperty
    {
        /// <summary>
        /// Whether a value counts as set: not null. Generic so that user-defined operators on the
        /// extensible enums are not involved and value types are not boxed.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IsSet<T>(T value) => value is not null;
    }
}
