#if !NET5_0_OR_GREATER
namespace System.Runtime.CompilerServices
{
    /// <summary>Lets the netstandard2.0 build declare init-only properties (the compiler needs this type).</summary>
    internal static class IsExternalInit
    {
    }
}
#endif
