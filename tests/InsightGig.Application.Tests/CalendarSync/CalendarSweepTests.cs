using InsightGig.Application.Meetings.SyncCalendarChanges;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using InsightGig.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Tests.CalendarSync;

/// <summary>
/// Calendar reads grow with change, not with people: the real sweep (<see cref="ClaimDueCalendarSyncsCommand"/>) and sync on a
/// fake clock, the calendar answered in process. Minutes are played by the test: sweep, run the claimed syncs, advance.
/// </summary>
public sealed class CalendarSweepTests
{
    private static CalendarSyncSettings Settings(int budget) => CalendarSyncSettings.Default with { BudgetPerSweep = budget };

    /// <summary>Plays one minute: a sweep, then every claimed sync (as the Hangfire jobs would); answers the organizers synced.</summary>
    private static async Task<IReadOnlyList<Guid>> MinuteAsync(CalendarSweepHarness harness)
    {
        var claimed = await harness.SweepAsync();
        foreach (var organizerId in claimed)
        {
            Assert.Equal(CalendarSyncStatus.Synced, (await harness.SyncAsync(organizerId)).Status);
        }

        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        return claimed;
    }

    [Fact]
    public async Task With_more_calendars_than_one_sweep_takes_none_is_starved_and_every_sweep_stays_within_the_budget()
    {
        await using var harness = await CalendarSweepHarness.StartAsync(Settings(budget: 10));
        var organizers = await harness.AddOrganizersAsync(35);
        // Five calendars change every minute: they are read each minute, and still the idle ones get their turn.
        var busy = organizers.Take(5).ToList();

        var syncsOf = organizers.ToDictionary(o => o, _ => new List<int>());
        for (var minute = 0; minute < 60; minute++)
        {
            foreach (var organizerId in busy)
            {
                harness.Calendar.Changing[organizerId] = true;
            }

            var claimed = await MinuteAsync(harness);
            Assert.InRange(claimed.Count, 0, 10);
            Assert.Equal(claimed.Count, claimed.Distinct().Count());
            foreach (var organizerId in claimed)
            {
                syncsOf[organizerId].Add(minute);
            }
        }

        // Nobody waits for ever: every calendar was read within the first four sweeps (35 / 10), and again and again after.
        Assert.All(syncsOf.Values, minutes => Assert.InRange(minutes[0], 0, 3));
        Assert.All(syncsOf.Values, minutes => Assert.True(minutes.Count >= 4, $"read only at minutes {string.Join(", ", minutes)}"));
        // Idle calendars back off to 15 minutes; with the budget shared, no gap exceeds 15 minutes plus the sweeps it waited.
        var idleGaps = organizers.Except(busy).SelectMany(o => syncsOf[o].Zip(syncsOf[o].Skip(1), (a, b) => b - a)).ToList();
        Assert.InRange(idleGaps.Max(), 15, 15 + 4);
    }

    [Fact]
    public async Task Without_push_an_idle_calendar_is_read_at_minutes_0_1_3_7_15_30_45_60_and_back_to_every_minute_after_a_change()
    {
        await using var harness = await CalendarSweepHarness.StartAsync(Settings(budget: 100));
        var organizer = (await harness.AddOrganizersAsync(1))[0];

        var synced = new List<int>();
        for (var minute = 0; minute <= 65; minute++)
        {
            if (minute == 50)
            {
                harness.Calendar.Changing[organizer] = true; // seen by the read at 60; then 61, 63, …
            }

            if ((await MinuteAsync(harness)).Count == 1)
            {
                synced.Add(minute);
            }
        }

        // The first read is a full one and lists nothing here, so the calendar counts as idle from the start.
        Assert.Equal([0, 1, 3, 7, 15, 30, 45, 60, 61, 63], synced);
    }

    [Fact]
    public async Task With_a_push_channel_the_sweep_reads_the_calendar_only_once_an_hour_as_a_safety_net_at_its_own_phase()
    {
        await using var harness = await CalendarSweepHarness.StartAsync(Settings(budget: 100));
        var organizer = (await harness.AddOrganizersAsync(1))[0];
        // The first read, then the channel opened right after it (as the sync job does).
        Assert.Equal([organizer], await harness.SweepAsync());
        await harness.SyncAsync(organizer);
        await harness.OpenChannelAsync(organizer);
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        // Its safety reads fall on its phase of the hour (a function of its id), the first at least an hour on.
        var state = await harness.StateAsync(organizer);
        var firstDue = harness.Settings.Cadence.NextSafetyReadAfter(state.Id, CalendarSweepHarness.Start);
        Assert.Equal(firstDue, state.NextSyncDueAtUtc);
        var first = (int)Math.Ceiling((firstDue - CalendarSweepHarness.Start).TotalMinutes); // the sweep after it is due
        Assert.InRange(first, 60, 120);

        var synced = new List<int>();
        for (var minute = 1; minute <= first + 150; minute++)
        {
            if ((await MinuteAsync(harness)).Count == 1)
            {
                synced.Add(minute);
            }
        }

        // Read a little after its due time each hour, it stays on its phase: exactly an hour apart.
        Assert.Equal([first, first + 60, first + 120], synced);
        Assert.Equal(firstDue.AddMinutes(180), (await harness.StateAsync(organizer)).NextSyncDueAtUtc);
    }

    [Fact]
    public async Task Notifications_coalesce_one_sync_in_flight_and_those_arriving_during_it_cause_exactly_one_follow_up()
    {
        await using var harness = await CalendarSweepHarness.StartAsync(Settings(budget: 100));
        var organizer = (await harness.AddOrganizersAsync(1))[0];
        Assert.Single(await MinuteAsync(harness));
        var (channelId, token) = await harness.OpenChannelAsync(organizer);

        // A burst: one wins the claim and queues a sync; the rest only raise the follow-up flag.
        var burst = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => harness.NotifyAsync(channelId, token))));
        Assert.Equal(1, burst.Count(o => o == CalendarNotificationOutcome.SyncQueued));
        Assert.Equal(11, burst.Count(o => o == CalendarNotificationOutcome.FollowUpRequested));
        Assert.Equal([organizer], harness.Queued.Queued);

        // The queued sync runs; its read covers the burst (it came before the read), and more notifications arrive while it reads.
        harness.Calendar.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = harness.SyncAsync(organizer);
        await harness.Calendar.ListingStarted.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var during = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => harness.NotifyAsync(channelId, token))));
        Assert.All(during, o => Assert.Equal(CalendarNotificationOutcome.FollowUpRequested, o));
        Assert.Empty(await harness.SweepAsync()); // the sweep does not claim a calendar whose sync is in flight either
        harness.Calendar.Gate.SetResult();
        var report = await running;

        Assert.True(report.FollowUpQueued);
        Assert.Equal([organizer, organizer], harness.Queued.Queued);

        // The follow-up runs with nothing arriving meanwhile: no more syncs, and the calendar is free again.
        harness.Calendar.Gate = null;
        Assert.False((await harness.SyncAsync(organizer)).FollowUpQueued);
        Assert.Equal(2, harness.Queued.Queued.Count);
        Assert.Null((await harness.StateAsync(organizer)).SyncClaimedUntilUtc);
        Assert.Equal(CalendarNotificationOutcome.SyncQueued, await harness.NotifyAsync(channelId, token));
    }

    [Fact]
    public async Task A_claim_whose_sync_died_runs_out_and_the_calendar_is_claimed_again()
    {
        await using var harness = await CalendarSweepHarness.StartAsync(Settings(budget: 100));
        var organizer = (await harness.AddOrganizersAsync(1))[0];
        Assert.Equal([organizer], await harness.SweepAsync()); // claimed; its job never runs (a crash)

        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(await harness.SweepAsync());
        harness.Clock.Advance(CalendarSyncSettings.Default.ClaimLease);
        Assert.Equal([organizer], await harness.SweepAsync());
    }

    [Fact]
    public async Task A_calendar_with_no_meeting_is_parked_and_the_meeting_scheduled_on_it_has_it_read_on_the_next_sweep()
    {
        await using var harness = await CalendarSweepHarness.StartAsync(Settings(budget: 100));
        var organizer = (await harness.AddOrganizersAsync(1, withMeeting: false))[0];
        // Its row was made with the connection, due at once: the sweep finds it no calendar to read and parks it.
        Assert.Empty(await MinuteAsync(harness));
        Assert.True((await harness.StateAsync(organizer)).Parked);

        // A meeting being set up is no calendar to read yet; the save that marks it Scheduled wakes the calendar.
        await harness.ScheduleMeetingAsync(organizer, CalendarSweepHarness.Start.AddDays(3), whileSettingUp: async () => Assert.Empty(await MinuteAsync(harness)));
        Assert.False((await harness.StateAsync(organizer)).Parked);
        Assert.Equal([organizer], await MinuteAsync(harness));
        Assert.Equal([organizer], await MinuteAsync(harness)); // and read as any calendar is after that (1, 2, 4, … minutes)
    }

    [Fact]
    public async Task A_budgets_worth_of_due_calendars_no_longer_to_read_ahead_of_one_to_read_delays_it_by_one_sweep_at_most()
    {
        await using var harness = await CalendarSweepHarness.StartAsync(Settings(budget: 10));
        var (idle, toRead) = await harness.IdleCalendarsAheadOfOneToReadAsync();

        // The first sweep's budget goes to the ten earliest due, none a calendar to read: they are parked, nothing is claimed.
        Assert.Empty(await MinuteAsync(harness));
        foreach (var organizerId in idle)
        {
            Assert.True((await harness.StateAsync(organizerId)).Parked);
        }

        // The next sweep reads the calendar that waited behind them, and the parked ones stay out of every sweep after.
        Assert.Equal([toRead], await MinuteAsync(harness));
        for (var minute = 0; minute < 5; minute++)
        {
            Assert.DoesNotContain(await MinuteAsync(harness), idle.Contains);
        }
    }

    /// <summary>An organizer with no meeting whose calendar has a push channel, parked by a sweep once the channel's safety read is due.</summary>
    private static async Task<(Guid Organizer, Guid ConnectionId, string ChannelId)> ParkedWithChannelAsync(CalendarSweepHarness harness)
    {
        var organizer = (await harness.AddOrganizersAsync(1, withMeeting: false))[0];
        var (channelId, _) = await harness.OpenChannelAsync(organizer);
        harness.Clock.Advance(2 * harness.Settings.Cadence.SafetyInterval); // its safety read falls within the second hour
        Assert.Empty(await MinuteAsync(harness));
        var state = await harness.StateAsync(organizer);
        Assert.True(state.Parked);
        Assert.Equal(channelId, state.ChannelId); // forgotten only by the queued stop, after the parking committed
        return (organizer, state.ConnectionId, channelId);
    }

    private static Task<ParkedChannelStop> StopChannelAsync(CalendarSweepHarness harness, Guid connectionId) =>
        harness.App.SendAsync(new StopParkedCalendarChannelCommand(connectionId), TestCurrentUser.Anonymous);

    [Fact]
    public async Task Parking_a_calendar_with_a_push_channel_queues_its_stop_which_forgets_and_stops_it_once_and_a_wake_reads_it_again()
    {
        await using var harness = await CalendarSweepHarness.StartAsync(Settings(budget: 100));
        var (organizer, connectionId, channelId) = await ParkedWithChannelAsync(harness);
        Assert.Equal([connectionId], harness.Queued.ChannelStops);

        Assert.Equal(ParkedChannelStop.Stopped, await StopChannelAsync(harness, connectionId));
        Assert.Equal([(organizer, channelId)], harness.Calendar.StoppedChannels);
        var state = await harness.StateAsync(organizer);
        Assert.True(state.Parked);
        Assert.Null(state.ChannelId);
        Assert.Null(state.ChannelTokenHash);

        // Run again (a retried or duplicate job): nothing more is stopped.
        Assert.Equal(ParkedChannelStop.NothingToStop, await StopChannelAsync(harness, connectionId));
        Assert.Single(harness.Calendar.StoppedChannels);
        Assert.Empty(await MinuteAsync(harness));
        Assert.Equal([connectionId], harness.Queued.ChannelStops); // a calendar already parked is not queued again

        // A meeting wakes it: read on the next sweep (and, with push configured, its sync opens a new channel).
        await harness.ScheduleMeetingAsync(organizer, harness.Clock.GetUtcNow().AddDays(1));
        Assert.Equal([organizer], await MinuteAsync(harness));
    }

    [Fact]
    public async Task A_calendar_woken_before_its_channel_stop_runs_keeps_the_channel_and_a_stop_the_calendar_refuses_leaves_it_to_expire()
    {
        await using var harness = await CalendarSweepHarness.StartAsync(Settings(budget: 100));
        var woken = await ParkedWithChannelAsync(harness);
        var refused = await ParkedWithChannelAsync(harness);

        // A meeting scheduled between the parking and the stop job: the calendar is one to read again, its channel stays.
        await harness.ScheduleMeetingAsync(woken.Organizer, harness.Clock.GetUtcNow().AddDays(1));
        Assert.Equal(ParkedChannelStop.NothingToStop, await StopChannelAsync(harness, woken.ConnectionId));
        Assert.Equal(woken.ChannelId, (await harness.StateAsync(woken.Organizer)).ChannelId);

        // The calendar does not answer the stop: the channel is forgotten anyway (its notifications are ignored until it expires).
        harness.Calendar.StopFails = true;
        Assert.Equal(ParkedChannelStop.LeftToExpire, await StopChannelAsync(harness, refused.ConnectionId));
        Assert.Null((await harness.StateAsync(refused.Organizer)).ChannelId);
        Assert.Empty(harness.Calendar.StoppedChannels);
    }

    [Fact]
    public async Task A_calendar_whose_meetings_all_ended_is_no_longer_claimed_and_a_new_meeting_wakes_it()
    {
        await using var harness = await CalendarSweepHarness.StartAsync(Settings(budget: 100));
        var organizer = (await harness.AddOrganizersAsync(1))[0];
        Assert.Equal([organizer], await MinuteAsync(harness));

        // Its meeting (next week) ended and the read-back window after it (30 days) has passed.
        harness.Clock.Advance(TimeSpan.FromDays(7) + SyncCalendarChangesHandler.FullSyncWindow + TimeSpan.FromHours(1));
        Assert.Empty(await MinuteAsync(harness));
        Assert.True((await harness.StateAsync(organizer)).Parked);
        for (var minute = 0; minute < 30; minute++)
        {
            Assert.Empty(await MinuteAsync(harness));
        }

        await harness.ScheduleMeetingAsync(organizer, harness.Clock.GetUtcNow().AddDays(1));
        Assert.Equal([organizer], await MinuteAsync(harness));
    }

    [Fact]
    public async Task A_cancelled_meeting_or_a_disconnect_parks_the_calendar_and_a_reconnect_wakes_it()
    {
        await using var harness = await CalendarSweepHarness.StartAsync(Settings(budget: 100));
        var organizers = await harness.AddOrganizersAsync(2);
        var (cancelling, disconnecting) = (organizers[0], organizers[1]);
        Assert.Equal(2, (await MinuteAsync(harness)).Count);
        var meetingId = await harness.App.WithDbContextAsync(db =>
            db.Meetings.Where(m => m.OrganizerId == cancelling).Select(m => m.Id).SingleAsync(TestContext.Current.CancellationToken));
        await harness.ChangeMeetingAsync(meetingId, m => m.Cancel(null, cancelling, ChangeSource.InsightGig, harness.Clock.GetUtcNow()));
        await harness.ChangeConnectionAsync(disconnecting, c => c.Disconnect(harness.Clock.GetUtcNow()));

        // Due again a minute after the first read: both found no calendar to read, parked, and left alone after.
        for (var minute = 0; minute < 20; minute++)
        {
            Assert.Empty(await MinuteAsync(harness));
        }

        Assert.True((await harness.StateAsync(cancelling)).Parked);
        Assert.True((await harness.StateAsync(disconnecting)).Parked);

        // Linked again: its meeting next week is still live, so its calendar is read on the next sweep.
        await harness.ChangeConnectionAsync(disconnecting, c => c.Relink(new ProviderAccount("g-again", c.AccountEmail),
            new ProtectedTokens("not-used", null, harness.Clock.GetUtcNow().AddHours(1), null), harness.Clock.GetUtcNow()));
        Assert.Equal([disconnecting], await MinuteAsync(harness));
    }

    [Fact]
    public async Task A_meeting_scheduled_between_the_sweeps_check_and_its_parking_keeps_the_calendar_due()
    {
        await using var harness = await CalendarSweepHarness.StartAsync(Settings(budget: 100));
        var organizer = (await harness.AddOrganizersAsync(1, withMeeting: false))[0];
        // The sweep finds the calendar idle; before its UPDATE parks it, a meeting on it commits.
        harness.BeforePark.Step(() => harness.ScheduleMeetingAsync(organizer, CalendarSweepHarness.Start.AddDays(2)));
        Assert.Empty(await harness.SweepAsync());

        Assert.False((await harness.StateAsync(organizer)).Parked);
        Assert.Equal([organizer], await harness.SweepAsync());
    }

    [Fact]
    public async Task A_calendar_connection_linked_before_rows_came_with_the_link_gets_one_and_is_read()
    {
        await using var harness = await CalendarSweepHarness.StartAsync(Settings(budget: 100));
        var organizers = await harness.AddOrganizersAsync(3);
        // As a database from before: no rows (the old sweep made them on its first pass).
        await harness.App.WithDbContextAsync(db => db.CalendarSyncStates.ExecuteDeleteAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await harness.SweepAsync());

        Assert.Equal(3, await harness.App.SendAsync(new StartCalendarSyncStatesCommand(), TestCurrentUser.Anonymous, TestContext.Current.CancellationToken));
        Assert.Equal(0, await harness.App.SendAsync(new StartCalendarSyncStatesCommand(), TestCurrentUser.Anonymous, TestContext.Current.CancellationToken));
        Assert.Equal(organizers.OrderBy(o => o), (await harness.SweepAsync()).OrderBy(o => o));
    }

    [Fact]
    public async Task Connections_without_rows_are_given_theirs_page_after_page_none_skipped()
    {
        await using var harness = await CalendarSweepHarness.StartAsync(Settings(budget: 100));
        var organizers = await harness.AddOrganizersAsync(7);
        await harness.App.WithDbContextAsync(db => db.CalendarSyncStates.ExecuteDeleteAsync(TestContext.Current.CancellationToken));

        // Pages of 2: the fourth page is the last, short one; each starts after the last connection of the one before.
        Assert.Equal(7, await harness.App.SendAsync(new StartCalendarSyncStatesCommand { PageSize = 2 }, TestCurrentUser.Anonymous, TestContext.Current.CancellationToken));
        Assert.Equal(0, await harness.App.SendAsync(new StartCalendarSyncStatesCommand { PageSize = 2 }, TestCurrentUser.Anonymous, TestContext.Current.CancellationToken));
        Assert.Equal(organizers.OrderBy(o => o), (await harness.SweepAsync()).OrderBy(o => o));
    }
}
