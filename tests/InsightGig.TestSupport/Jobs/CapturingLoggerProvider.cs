using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace InsightGig.TestSupport.Jobs;

/// <summary>Keeps every log entry of the app instances it is added to, labelled with the instance, for tests to count.</summary>
public sealed class CapturingLoggerProvider(string instance, ConcurrentQueue<CapturedLogEntry> sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(instance, categoryName, sink);

    public void Dispose()
    {
    }

    private sealed class Logger(string instance, string category, ConcurrentQueue<CapturedLogEntry> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (IsEnabled(logLevel))
            {
                sink.Enqueue(new CapturedLogEntry(instance, category, logLevel, eventId, formatter(state, exception), exception));
            }
        }
    }
}

/// <summary>One log entry of one app instance.</summary>
public sealed record CapturedLogEntry(string Instance, string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
