namespace InsightGig.Domain.Integrations;

/// <summary>
/// How often a calendar is read: with a live push channel only every <see cref="SafetyInterval"/> (a safety net for lost
/// notifications); without one, every <see cref="MinPollInterval"/> after a change, the interval doubling while the calendar
/// stays idle up to <see cref="MaxPollInterval"/>.
/// </summary>
public sealed record CalendarSyncCadence
{
    public CalendarSyncCadence(TimeSpan safetyInterval, TimeSpan minPollInterval, TimeSpan maxPollInterval)
    {
        if (minPollInterval <= TimeSpan.Zero || maxPollInterval < minPollInterval || safetyInterval < minPollInterval)
        {
            throw new ArgumentException("Calendar sync intervals must be positive, with minimum ≤ maximum and minimum ≤ safety interval.");
        }

        SafetyInterval = safetyInterval;
        MinPollInterval = minPollInterval;
        MaxPollInterval = maxPollInterval;
    }

    public static CalendarSyncCadence Default { get; } = new(TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15));

    public TimeSpan SafetyInterval { get; }

    public TimeSpan MinPollInterval { get; }

    public TimeSpan MaxPollInterval { get; }
}
