using System.Threading;
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>
    /// The property names the JSON reader has met, shared by every read, so that a name is not a
    /// new string in every object of every response. Lookups take no lock; a name seen for the
    /// first time is added under one, up to a bound (a server inventing names cannot grow it).
    /// </summary>
    internal sealed class PropertyNames : JsonNameTable
    {
        public static readonly PropertyNames Instance = new PropertyNames();

        private const int MaxNames = 4096;
        private readonly Entry?[] _buckets = new Entry?[1024];
        private readonly object _gate = new object();
        private int _count;

        /// <summary>How many names are kept (at most 4,096).</summary>
        internal int Count => Volatile.Read(ref _count);

        public override string? Get(char[] key, int start, int length)
        {
            var hash = length;
            for (var i = start; i < start + length; i++) hash = unchecked((hash * 31) + key[i]);
            ref var bucket = ref _buckets[hash & (_buckets.Length - 1)];
            for (var entry = Volatile.Read(ref bucket); entry != null; entry = entry.Next)
            {
                if (entry.Hash == hash && Matches(entry.Name, key, start, length)) return entry.Name;
            }

            var name = new string(key, start, length);
            lock (_gate)
            {
                // Entries are never changed once published; a lookup sees the old head or the new one.
                if (_count < MaxNames)
                {
                    Volatile.Write(ref bucket, new Entry(name, hash, Volatile.Read(ref bucket)));
                    _count++;
                }
            }

            return name;
        }

        private static bool Matches(string name, char[] key, int start, int length)
        {
            if (name.Length != length) return false;
            for (var i = 0; i < length; i++)
            {
                if (name[i] != key[start + i]) return false;
            }

            return true;
        }

        private sealed class Entry
        {
            public Entry(string name, int hash, Entry? next)
            {
                Name = name;
                Hash = hash;
                Next = next;
            }

            public string Name { get; }

            public int Hash { get; }

            public Entry? Next { get; }
        }
    }
}
