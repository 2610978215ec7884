using System.Collections.Concurrent;
using InsightGig.Application.Common.Telemetry;

namespace InsightGig.Infrastructure.Telemetry;

/// <summary>
/// The recent outcomes of each provider's calls, as <see cref="ProviderCallTelemetryHandler"/> sees them: a provider is
/// unreachable when its last <see cref="FailuresInARow"/> calls, the latest within <see cref="Window"/>, got no answer
/// (network error, timeout, 5xx). Any answer at all (a 4xx included) proves it reachable.
/// </summary>
public sealed class ProviderReachability(TimeProvider clock)
{
    public const int FailuresInARow = 3;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, Record> _records = new(StringComparer.Ordinal);

    internal void Observe(string provider, ProviderCallOutcome outcome)
    {
        if (outcome == ProviderCallOutcome.Cancelled)
        {
            return;
        }

        var failed = outcome is ProviderCallOutcome.TransportError or ProviderCallOutcome.ServerError;
        var now = clock.GetUtcNow();
        _records.AddOrUpdate(
            provider,
            _ => new Record(failed ? 1 : 0, now),
            (_, previous) => new Record(failed ? previous.FailuresInARow + 1 : 0, now));
    }

    public ProviderReachabilityState StateOf(string provider) =>
        _records.TryGetValue(provider, out var record)
            ? new ProviderReachabilityState(
                record.FailuresInARow >= FailuresInARow && clock.GetUtcNow() - record.LastCall <= Window, record.FailuresInARow, record.LastCall)
            : new ProviderReachabilityState(false, 0, null);

    private sealed record Record(int FailuresInARow, DateTimeOffset LastCall);
}

/// <param name="Unreachable">The last calls all failed to get an answer, recently.</param>
public sealed record ProviderReachabilityState(bool Unreachable, int FailuresInARow, DateTimeOffset? LastCall)
{
    public string Describe() => LastCall is null
        ? "not called yet"
        : Unreachable
            ? $"unreachable: the last {FailuresInARow} calls got no answer"
            : FailuresInARow == 0 ? "answering" : $"answering ({FailuresInARow} call(s) in a row without an answer)";
}
