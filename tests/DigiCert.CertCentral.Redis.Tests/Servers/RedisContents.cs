using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace DigiCert.CertCentral.Redis.Tests.Servers
{
    /// <summary>What a Redis server holds, as text, and the forms an API key could take in it.</summary>
    internal static class RedisContents
    {
        /// <summary>Every key of every database, with its type, time to live and whole value.</summary>
        public static async Task<string> DumpAsync(IConnectionMultiplexer connection, string endPoint)
        {
            var text = new StringBuilder();
            var server = connection.GetServer(endPoint);
            for (var number = 0; number < server.DatabaseCount; number++)
            {
                var database = connection.GetDatabase(number);
                await foreach (var key in server.KeysAsync(number, "*"))
                {
                    var type = await database.KeyTypeAsync(key);
                    text.Append(number).Append(' ').Append(key.ToString()).Append(' ').Append(type).Append(" ttl=").Append(await database.KeyTimeToLiveAsync(key)).Append(':');
                    switch (type)
                    {
                        case RedisType.String:
                            text.Append(' ').Append(await database.StringGetAsync(key));
                            break;
                        case RedisType.Hash:
                            foreach (var entry in await database.HashGetAllAsync(key)) text.Append(' ').Append(entry.Name).Append('=').Append(entry.Value);
                            break;
                        case RedisType.SortedSet:
                            foreach (var entry in await database.SortedSetRangeByRankWithScoresAsync(key)) text.Append(' ').Append(entry.Element).Append('@').Append(entry.Score);
                            break;
                        case RedisType.List:
                            foreach (var entry in await database.ListRangeAsync(key)) text.Append(' ').Append(entry);
                            break;
                        case RedisType.Set:
                            foreach (var entry in await database.SetMembersAsync(key)) text.Append(' ').Append(entry);
                            break;
                        default:
                            text.Append(" (unread type)");
                            break;
                    }

                    text.AppendLine();
                }
            }

            return text.ToString();
        }

        /// <summary>The key as sent, and as UTF-8 bytes in hex and base64 (compare without case).</summary>
        public static IEnumerable<string> FormsOf(string apiKey)
        {
            var bytes = Encoding.UTF8.GetBytes(apiKey);
            yield return apiKey;
            yield return Convert.ToHexString(bytes);
            yield return Convert.ToBase64String(bytes).TrimEnd('=');
        }
    }
}
