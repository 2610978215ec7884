using InsightGig.Application.Meetings.SyncCalendarChanges;
using InsightGig.Application.Tests.CalendarSync;
using InsightGig.Infrastructure.Persistence;
using InsightGig.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Integration.Tests.Scheduling;

/// <summary>
/// The calendar sweep (<see cref="ClaimDueCalendarSyncsCommand"/>) on PostgreSQL, played minute by minute on a fake clock,
/// with two app instances (two sweepers) on one database: its claim query runs there, claims never overlap, and no
/// calendar starves with more calendars than a sweep takes.
/// </summary>
public sealed class PostgreSqlCalendarSweepTests : IAsyncLifetime
{
    private readonly PostgreSqlTestDatabase _database = new();
    private CalendarSweepHarness _a = null!;
    private CalendarSweepHarness _b = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        _a = CalendarSweepHarness.On(Settings(budget: 10), DatabaseProvider.PostgreSql, _database.ConnectionString);
        _b = CalendarSweepHarness.On(Settings(budget: 10), DatabaseProvider.PostgreSql, _database.ConnectionString);
    }

    private static CalendarSyncSettings Settings(int budget) => CalendarSyncSettings.Default with { BudgetPerSweep = budget };

    /// <summary>Both instances' clocks move together.</summary>
    private void Advance(TimeSpan by)
    {
        _a.Clock.Advance(by);
        _b.Clock.Advance(by);
    }

    private async Task SyncAllAsync(IEnumerable<Guid> organizers)
    {
        foreach (var organizerId in organizers)
        {
            Assert.Equal(CalendarSyncStatus.Synced, (await _a.SyncAsync(organizerId)).Status);
        }
    }

    [Fact]
    public async Task Two_sweepers_at_the_same_moment_never_claim_the_same_calendar_and_every_calendar_gets_its_turn()
    {
        var organizers = await _a.AddOrganizersAsync(35);
        var claimedBy = organizers.ToDictionary(o => o, _ => new List<int>());
        for (var minute = 0; minute < 20; minute++)
        {
            // Both instances' recurring sweeps fire at once (the first ones also race to add the calendars' state rows).
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var sweeps = new[] { _a, _b }.Select(h => Task.Run(async () => { await start.Task; return await h.SweepAsync(); }, TestContext.Current.CancellationToken)).ToList();
            start.SetResult();
            var results = await Task.WhenAll(sweeps);

            Assert.All(results, r => Assert.InRange(r.Count, 0, 10));
            var claimed = results.SelectMany(r => r).ToList();
            Assert.Equal(claimed.Count, claimed.Distinct().Count());
            // A claim holds until its sync ends: a sweep right after finds none of them (only calendars still free).
            var after = await _b.SweepAsync();
            Assert.Empty(after.Intersect(claimed));
            claimed.AddRange(after);
            foreach (var organizerId in claimed)
            {
                claimedBy[organizerId].Add(minute);
            }

            await SyncAllAsync(claimed);
            Advance(TimeSpan.FromMinutes(1));
        }

        // 35 calendars, up to 30 a minute between the sweeps: everyone within the first three minutes, and again after (idle: 1, 2, 4, 8 minutes).
        Assert.All(claimedBy.Values, minutes => Assert.InRange(minutes[0], 0, 2));
        Assert.All(claimedBy.Values, minutes => Assert.True(minutes.Count >= 4, $"claimed only at minutes {string.Join(", ", minutes)}"));
    }

    [Fact]
    public async Task Connections_from_before_sync_states_get_theirs_page_after_page_on_postgresql()
    {
        var organizers = await _a.AddOrganizersAsync(7);
        await _a.App.WithDbContextAsync(db => db.CalendarSyncStates.ExecuteDeleteAsync(TestContext.Current.CancellationToken));

        // Keyset pages of 2 (uuid compared on the server), none skipped, none twice.
        Assert.Equal(7, await _a.App.SendAsync(new StartCalendarSyncStatesCommand { PageSize = 2 }, TestCurrentUser.Anonymous, TestContext.Current.CancellationToken));
        Assert.Equal(0, await _a.App.SendAsync(new StartCalendarSyncStatesCommand { PageSize = 2 }, TestCurrentUser.Anonymous, TestContext.Current.CancellationToken));
        Assert.Equal(organizers.OrderBy(o => o), (await _a.SweepAsync()).OrderBy(o => o));
    }

    [Fact]
    public async Task With_one_sweeper_and_more_calendars_than_it_takes_the_least_recently_synced_come_first_and_none_starves()
    {
        var organizers = await _a.AddOrganizersAsync(35);
        var busy = organizers.Take(5).ToList();
        var syncsOf = organizers.ToDictionary(o => o, _ => new List<int>());
        for (var minute = 0; minute < 45; minute++)
        {
            foreach (var organizerId in busy)
            {
                _a.Calendar.Changing[organizerId] = true;
            }

            var claimed = await _a.SweepAsync();
            Assert.InRange(claimed.Count, 0, 10);
            foreach (var organizerId in claimed)
            {
                syncsOf[organizerId].Add(minute);
            }

            await SyncAllAsync(claimed);
            Advance(TimeSpan.FromMinutes(1));
        }

        Assert.All(syncsOf.Values, minutes => Assert.InRange(minutes[0], 0, 3));
        var idleGaps = organizers.Except(busy).SelectMany(o => syncsOf[o].Zip(syncsOf[o].Skip(1), (a, b) => b - a)).ToList();
        Assert.InRange(idleGaps.Max(), 8, 15 + 4);
    }

    [Fact]
    public async Task A_budgets_worth_of_due_calendars_no_longer_to_read_ahead_of_one_to_read_delays_it_by_one_sweep_at_most_on_postgresql()
    {
        var (idle, toRead) = await _a.IdleCalendarsAheadOfOneToReadAsync();
        _b.Clock.SetUtcNow(_a.Clock.GetUtcNow()); // the scenario moved only the first instance's clock on

        Assert.Empty(await _a.SweepAsync());
        foreach (var organizerId in idle)
        {
            Assert.True((await _a.StateAsync(organizerId)).Parked);
        }

        Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([toRead], await _a.SweepAsync());
        await SyncAllAsync([toRead]);
        Advance(TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(await _b.SweepAsync(), idle.Contains);
    }

    [Fact]
    public async Task A_calendar_parked_with_a_push_channel_has_it_forgotten_and_stopped_once_on_postgresql()
    {
        var organizer = (await _a.AddOrganizersAsync(1, withMeeting: false))[0];
        var (channelId, _) = await _a.OpenChannelAsync(organizer);
        Advance(2 * _a.Settings.Cadence.SafetyInterval); // its safety read falls within the second hour

        Assert.Empty(await _a.SweepAsync());
        var parked = await _a.StateAsync(organizer);
        Assert.True(parked.Parked);
        Assert.Equal([parked.ConnectionId], _a.Queued.ChannelStops);

        var stop = new StopParkedCalendarChannelCommand(parked.ConnectionId);
        Assert.Equal(ParkedChannelStop.Stopped, await _b.App.SendAsync(stop, TestCurrentUser.Anonymous, TestContext.Current.CancellationToken));
        Assert.Equal(ParkedChannelStop.NothingToStop, await _a.App.SendAsync(stop, TestCurrentUser.Anonymous, TestContext.Current.CancellationToken));
        Assert.Equal([(organizer, channelId)], _b.Calendar.StoppedChannels);
        Assert.Empty(_a.Calendar.StoppedChannels);
        Assert.Null((await _a.StateAsync(organizer)).ChannelId);
    }

    public async ValueTask DisposeAsync()
    {
        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        if (_b is not null)
        {
            await _b.DisposeAsync();
        }

        await _database.DisposeAsync();
    }
}
