using System.Buffers.Binary;

namespace InsightGig.Domain.Integrations;

/// <summary>
/// How often a calendar is read: with a live push channel only every <see cref="SafetyInterval"/> (a safety net for lost
/// notifications), at the calendar's own phase of that interval; without one, every <see cref="MinPollInterval"/> after a
/// change, the interval doubling while the calendar stays idle up to <see cref="MaxPollInterval"/>.
/// </summary>
public sealed record CalendarSyncCadence
{
    public CalendarSyncCadence(TimeSpan safetyInterval, TimeSpan minPollInterval, TimeSpan maxPollInterval)
    {
        if (minPollInterval <= TimeSpan.Zero || maxPollInterval < minPollInterval || safetyInterval < minPollInterval)
        {
            throw new ArgumentException("Calendar sync intervals must be positive, with minimum ≤ maximum and minimum ≤ safety interval.");
        }

        if (safetyInterval.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            // Safety reads fall on whole seconds, which every database stores exactly (a rounded due time could slip a phase).
            throw new ArgumentException("The calendar safety interval must be a whole number of seconds.", nameof(safetyInterval));
        }

        SafetyInterval = safetyInterval;
        MinPollInterval = minPollInterval;
        MaxPollInterval = maxPollInterval;
    }

    public static CalendarSyncCadence Default { get; } = new(TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15));

    public TimeSpan SafetyInterval { get; }

    public TimeSpan MinPollInterval { get; }

    public TimeSpan MaxPollInterval { get; }

    /// <summary>
    /// How late after its due time a safety read may run and still count from that due time, keeping the calendar on its
    /// phase (the sweep runs every minute or so and its syncs wait in a queue). A quarter of the interval: a read later
    /// than that (after an outage) counts from when it ran, so two safety reads are never closer than three quarters of it.
    /// </summary>
    public TimeSpan SafetyReadGrace => SafetyInterval / 4;

    /// <summary>
    /// The calendar's own offset within the safety interval, in whole seconds: uniform over the interval and stable (a
    /// function of the calendar's id alone), so calendars first read together are spread over one interval, and stay so.
    /// </summary>
    public TimeSpan SafetyPhaseOf(Guid calendarId)
    {
        Span<byte> bytes = stackalloc byte[16];
        calendarId.TryWriteBytes(bytes);
        // Mixed, so that ids that differ only in a few bits (sequential ones) still land far apart.
        var mixed = Mix(BinaryPrimitives.ReadUInt64LittleEndian(bytes) ^ Mix(BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..])));
        var seconds = (ulong)(SafetyInterval.Ticks / TimeSpan.TicksPerSecond);
        return TimeSpan.FromSeconds(Math.BigMul(mixed, seconds, out _));
    }

    /// <summary>
    /// When the calendar's next safety read is due, counting from <paramref name="fromUtc"/>: the first of its phase times
    /// (<see cref="SafetyPhaseOf"/> plus whole intervals) at least one <see cref="SafetyInterval"/> after it. So a calendar
    /// is never safety-read twice within an interval, one left alone is read exactly once per interval at its phase, and
    /// a herd read together comes due spread over the next interval.
    /// </summary>
    public DateTimeOffset NextSafetyReadAfter(Guid calendarId, DateTimeOffset fromUtc)
    {
        var interval = SafetyInterval.Ticks;
        var earliest = fromUtc.UtcTicks + interval;
        var pastPhase = (earliest - SafetyPhaseOf(calendarId).Ticks) % interval;
        return new DateTimeOffset(pastPhase == 0 ? earliest : earliest + interval - pastPhase, TimeSpan.Zero);
    }

    /// <summary>SplitMix64's finalizer: every bit of the input moves about half the bits of the output.</summary>
    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
