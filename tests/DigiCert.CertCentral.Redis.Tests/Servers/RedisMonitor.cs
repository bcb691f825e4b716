using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace DigiCert.CertCentral.Redis.Tests.Servers
{
    /// <summary>Everything sent to a Redis server while it runs (its MONITOR feed), over a plain socket.</summary>
    internal sealed class RedisMonitor : IAsyncDisposable
    {
        private readonly TcpClient _client;
        private readonly StringBuilder _feed = new StringBuilder();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Task _reading;

        private RedisMonitor(TcpClient client)
        {
            _client = client;
            _reading = ReadAsync();
        }

        public static async Task<RedisMonitor> StartAsync(int port)
        {
            var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("MONITOR\r\n"));
            var monitor = new RedisMonitor(client);
            // MONITOR answers +OK once it is on.
            for (var i = 0; i < 200 && !monitor.Feed.Contains("+OK", StringComparison.Ordinal); i++) await Task.Delay(10);
            return monitor;
        }

        public string Feed
        {
            get
            {
                lock (_feed) return _feed.ToString();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _client.Dispose();
            try
            {
                await _reading;
            }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is OperationCanceledException || e is SocketException)
            {
                // closed
            }
        }

        private async Task ReadAsync()
        {
            var buffer = new byte[8192];
            var stream = _client.GetStream();
            while (!_stop.IsCancellationRequested)
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0) return;
                lock (_feed) _feed.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
    }
}
