using System.Buffers;
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>Lends Newtonsoft.Json's reader its character buffers from the shared pool.</summary>
    internal sealed class CharArrayPool : IArrayPool<char>
    {
        public static readonly CharArrayPool Instance = new CharArrayPool();

        public char[] Rent(int minimumLength) => ArrayPool<char>.Shared.Rent(minimumLength);

        public void Return(char[]? array)
        {
            if (array != null) ArrayPool<char>.Shared.Return(array);
        }
    }
}
