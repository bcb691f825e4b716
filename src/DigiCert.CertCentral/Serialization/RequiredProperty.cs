using System.Runtime.CompilerServices;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>Used by the generated models to record which required properties were set, and to tidy lists after reading.</summary>
    internal static class RequiredProperty
    {
        /// <summary>
        /// Whether a value counts as set: not null. Generic so that user-defined operators on the
        /// extensible enums are not involved and value types are not boxed.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IsSet<T>(T value) => value is not null;

        /// <summary>
        /// Drops null items from a list just read: a null element means nothing was there, and
        /// a list of models must not make the caller check every item for null.
        /// </summary>
        public static void RemoveNullItems<T>(System.Collections.Generic.IList<T>? list)
        {
            if (list is null) return;
            for (var i = list.Count - 1; i >= 0; i--)
            {
                if (list[i] is null) list.RemoveAt(i);
            }
        }
    }
}
