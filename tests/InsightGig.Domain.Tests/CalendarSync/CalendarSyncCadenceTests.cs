using InsightGig.Domain.Integrations;

namespace InsightGig.Domain.Tests.CalendarSync;

/// <summary>When a calendar is read next: polling that backs off while idle, and only a safety net while push is live.</summary>
public sealed partial class CalendarSyncCadenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly CalendarSyncCadence Cadence = CalendarSyncCadence.Default;
    private const string Email = "clara@northwind.example";

    [Fact]
    public void Without_push_an_idle_calendar_is_polled_at_1_2_4_8_15_15_minutes_and_back_at_1_after_a_change()
    {
        var state = CalendarSyncState.Start(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Email, Now);
        var now = Now;
        var intervals = new List<double>();
        foreach (var sawChanges in new[] { true, false, false, false, false, false, false, true })
        {
            state.Synced(Email, "token", fullSync: false, sawChanges, now, Cadence);
            intervals.Add((state.NextSyncDueAtUtc - now).TotalMinutes);
            now = state.NextSyncDueAtUtc;
        }

        Assert.Equal([1, 2, 4, 8, 15, 15, 15, 1], intervals);
    }

    [Fact]
    public void With_a_live_push_channel_the_calendar_is_read_only_once_per_safety_interval_until_the_channel_nears_its_end()
    {
        var state = CalendarSyncState.Start(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Email, Now);
        state.Synced(Email, "token", fullSync: true, sawChanges: true, Now, Cadence);
        Assert.Equal(Now.AddMinutes(1), state.NextSyncDueAtUtc);

        // The first safety read: at the calendar's own phase of the hour, at least an hour on.
        state.ChannelOpened("channel-1", "resource-1", "hash", Now.AddDays(7), Now, Cadence);
        var firstSafetyRead = state.NextSyncDueAtUtc;
        Assert.InRange(firstSafetyRead, Now.AddHours(1), Now.AddHours(2).AddTicks(-1));
        Assert.Equal(Cadence.SafetyPhaseOf(state.Id), PhaseOf(firstSafetyRead));

        // A notification's sync (changes seen) does not bring the safety net forward: the first phase time an hour after it.
        state.Synced(Email, "token-2", fullSync: false, sawChanges: true, Now.AddMinutes(10), Cadence);
        Assert.Equal(firstSafetyRead >= Now.AddMinutes(70) ? firstSafetyRead : firstSafetyRead.AddHours(1), state.NextSyncDueAtUtc);

        // A channel that ends before the safety interval would is no net: back to polling.
        state.ChannelOpened("channel-2", "resource-2", "hash", Now.AddMinutes(30), Now, Cadence);
        state.Synced(Email, "token-3", fullSync: false, sawChanges: false, Now.AddMinutes(20), Cadence);
        Assert.Equal(Now.AddMinutes(22), state.NextSyncDueAtUtc);
    }

    [Fact]
    public void A_failed_sync_is_due_again_after_the_providers_retry_delay_and_never_sooner_than_the_minimum()
    {
        var state = CalendarSyncState.Start(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Email, Now);

        state.Failed("Google Calendar did not answer.", Now, TimeSpan.FromSeconds(5), Cadence);
        Assert.Equal(Now.AddMinutes(1), state.NextSyncDueAtUtc);

        state.Failed("Google Calendar is busy.", Now, TimeSpan.FromMinutes(7), Cadence);
        Assert.Equal(Now.AddMinutes(7), state.NextSyncDueAtUtc);
        Assert.Equal("Google Calendar is busy.", state.LastError);
    }

    [Fact]
    public void Intervals_that_contradict_each_other_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new CalendarSyncCadence(TimeSpan.FromMinutes(60), TimeSpan.Zero, TimeSpan.FromMinutes(15)));
        Assert.Throws<ArgumentException>(() => new CalendarSyncCadence(TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1)));
        Assert.Throws<ArgumentException>(() => new CalendarSyncCadence(TimeSpan.FromMinutes(60).Add(TimeSpan.FromMilliseconds(500)), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15)));
    }

    private static TimeSpan PhaseOf(DateTimeOffset instant) => TimeSpan.FromTicks(instant.UtcTicks % Cadence.SafetyInterval.Ticks);
}
