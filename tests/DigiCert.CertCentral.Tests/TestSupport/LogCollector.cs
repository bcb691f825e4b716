using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;

namespace DigiCert.CertCentral.Tests.TestSupport
{
    /// <summary>Collects every log entry, formatted message and exception text included.</summary>
    internal sealed class LogCollector : ILoggerFactory, ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, EventId Event, string Message, string? Exception, IReadOnlyList<KeyValuePair<string, object?>> State)> Entries { get; } = new();

        public IEnumerable<string> Events(string name) => Entries.Where(e => e.Event.Name == name).Select(e => e.Message);

        public string AllText => string.Join("\n", Entries.Select(e => e.Message + " " + e.Exception + " " + string.Join(",", e.State.Select(s => $"{s.Key}={s.Value}"))));

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void AddProvider(ILoggerProvider provider) { }

        public void Dispose() { }

        private sealed class Logger : ILogger
        {
            private readonly LogCollector _collector;

            public Logger(LogCollector collector) => _collector = collector;

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                _collector.Entries.Enqueue((logLevel, eventId, formatter(state, exception), exception?.ToString(),
                    state as IReadOnlyList<KeyValuePair<string, object?>> ?? Array.Empty<KeyValuePair<string, object?>>()));
        }
    }
}
