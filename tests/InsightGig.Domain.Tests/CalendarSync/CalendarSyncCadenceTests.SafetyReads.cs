using InsightGig.Domain.Integrations;

namespace InsightGig.Domain.Tests.CalendarSync;

// With push on, the sweep reads a calendar only as a safety net, once per safety interval, at the calendar's own phase of
// it: calendars first read together (a warm-up, a deploy, a bulk connect) must not come due together an interval later.
// Played on a fake clock, the sweep every minute (SweepPlay).
public sealed partial class CalendarSyncCadenceTests
{
    /// <summary>Calendars in a herd: 1,000 a minute when spread evenly over the hour.</summary>
    private const int HerdSize = 60_000;

    private const double EvenPerMinute = HerdSize / 60.0;

    /// <summary>How far from an even spread a minute may be: the phases are a hash of the ids, not a timetable.</summary>
    private const double Tolerance = 1.15;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_herd_first_read_together_comes_due_spread_evenly_over_the_interval_after_it(bool sequentialIds)
    {
        var herd = Herd(HerdSize, sequentialIds);

        var perMinute = new int[60];
        foreach (var state in herd)
        {
            var after = state.NextSyncDueAtUtc - Now;
            Assert.True(after >= Cadence.SafetyInterval && after < 2 * Cadence.SafetyInterval, $"due {after} after the first read");
            perMinute[(int)(after - Cadence.SafetyInterval).TotalMinutes]++;
        }

        Assert.InRange(perMinute.Max(), EvenPerMinute / Tolerance, EvenPerMinute * Tolerance);
        Assert.InRange(perMinute.Min(), EvenPerMinute / Tolerance, EvenPerMinute * Tolerance);
    }

    [Fact]
    public void A_herd_left_alone_is_read_every_interval_each_calendar_at_its_phase_and_no_minute_above_an_even_spread()
    {
        var herd = Herd(HerdSize);
        var sweep = new SweepPlay(herd);

        var perMinute = sweep.Run(Now, minutes: 5 * 60);

        Assert.Equal(0, perMinute[..60].Sum());
        Assert.InRange(perMinute[60..].Max(), 0, EvenPerMinute * Tolerance);
        Assert.All(herd, state =>
        {
            var reads = sweep.ReadsOf(state);
            Assert.InRange(reads.Count, 3, 4);
            Assert.All(reads.Zip(reads.Skip(1), (a, b) => b.At - a.At), gap => Assert.Equal(Cadence.SafetyInterval, gap));
        });
    }

    [Fact]
    public void After_an_outage_the_budget_bounds_the_catch_up_earliest_due_first_and_the_next_round_is_spread_again()
    {
        var herd = Herd(HerdSize);
        // No sweep for three hours: every calendar is overdue when it runs again, with a budget of 5,000 a sweep.
        var sweep = new SweepPlay(herd, budget: 5_000);

        var perMinute = sweep.Run(Now.AddHours(3), minutes: 4 * 60);

        Assert.Equal(Enumerable.Repeat(5_000, 12), perMinute[..12]);
        // The longest overdue first: every sweep of the catch-up took calendars due no later than those of the next.
        var sweeps = herd.Select(s => sweep.ReadsOf(s)[0]).GroupBy(r => r.At).OrderBy(g => g.Key).ToList();
        Assert.All(sweeps.Zip(sweeps.Skip(1)), pair => Assert.True(pair.First.Max(r => r.Due) <= pair.Second.Min(r => r.Due)));
        Assert.InRange(perMinute[12..].Max(), 0, EvenPerMinute * Tolerance);
        // Overdue beyond the grace, the catch-up read counts from when it ran: the next is at least an interval less the
        // grace after it, on the calendar's phase, and the reads after that an interval apart.
        Assert.All(herd, state =>
        {
            var reads = sweep.ReadsOf(state);
            Assert.InRange(reads[1].At - reads[0].At, Cadence.SafetyInterval - Cadence.SafetyReadGrace, 2 * Cadence.SafetyInterval - Cadence.SafetyReadGrace);
            Assert.Equal(Cadence.SafetyPhaseOf(state.Id), PhaseOf(reads[1].Due));
            Assert.All(reads.Skip(1).Zip(reads.Skip(2), (a, b) => b.At - a.At), gap => Assert.Equal(Cadence.SafetyInterval, gap));
        });
    }

    [Fact]
    public void An_idle_calendar_is_read_exactly_once_per_interval_at_its_phase_though_each_read_waits_in_the_queue()
    {
        var state = Herd(1)[0];
        var random = new Random(19);
        // The sweep every minute, and each of its reads waiting up to five minutes for a worker.
        var sweep = new SweepPlay([state], lateness: () => TimeSpan.FromSeconds(random.Next(0, 300)));

        sweep.Run(Now, minutes: 25 * 60);

        var reads = sweep.ReadsOf(state);
        Assert.InRange(reads.Count, 23, 24); // the first an hour or two in, then one each hour of the 25
        Assert.All(reads, read => Assert.InRange(read.At - read.Due, TimeSpan.Zero, TimeSpan.FromMinutes(6)));
        Assert.All(reads, read => Assert.Equal(Cadence.SafetyPhaseOf(state.Id), PhaseOf(read.Due)));
        Assert.All(reads.Zip(reads.Skip(1), (a, b) => b.Due - a.Due), gap => Assert.Equal(Cadence.SafetyInterval, gap));
    }

    [Fact]
    public void A_sync_a_notification_brings_before_the_safety_read_is_due_puts_the_next_one_at_least_an_interval_after_it()
    {
        var state = Herd(1)[0];
        var random = new Random(19);
        var sweep = new SweepPlay([state]);
        var notified = new List<DateTimeOffset>();

        for (var minute = 0; minute < 24 * 60; minute++)
        {
            sweep.Run(Now.AddMinutes(minute), minutes: 1);
            if (random.Next(90) == 0)
            {
                var at = Now.AddMinutes(minute).AddSeconds(random.Next(1, 60));
                var due = state.NextSyncDueAtUtc;
                state.Synced(Email, "token", fullSync: false, sawChanges: true, at, Cadence);
                // One that comes after the safety read was due stands in for it (counted from that due time: no extra read).
                Assert.Equal(at < due ? Cadence.NextSafetyReadAfter(state.Id, at) : due + Cadence.SafetyInterval, state.NextSyncDueAtUtc);
                Assert.True(at >= due || state.NextSyncDueAtUtc >= at + Cadence.SafetyInterval);
                notified.Add(at);
            }
        }

        var safetyReads = sweep.ReadsOf(state);
        Assert.InRange(notified.Count, 10, 30);
        Assert.InRange(safetyReads.Count, 5, 24);
        Assert.All(safetyReads, read => Assert.DoesNotContain(notified, at => at < read.At && read.At - at < Cadence.SafetyInterval));
        Assert.All(safetyReads, read => Assert.Equal(Cadence.SafetyPhaseOf(state.Id), PhaseOf(read.Due)));
    }

    [Fact]
    public void A_new_channel_replacing_a_live_one_leaves_the_next_safety_read_where_it_was()
    {
        var state = Herd(1)[0];
        var due = state.NextSyncDueAtUtc;

        state.ChannelOpened("channel-renewed", "resource-1", "hash", Now.AddDays(13), Now.AddDays(6), Cadence);

        Assert.Equal(due, state.NextSyncDueAtUtc);
    }

    [Fact]
    public void The_phase_is_a_whole_second_within_the_interval_and_depends_on_the_calendar_alone()
    {
        var id = Guid.NewGuid();
        var phase = Cadence.SafetyPhaseOf(id);

        Assert.InRange(phase, TimeSpan.Zero, Cadence.SafetyInterval - TimeSpan.FromSeconds(1));
        Assert.Equal(0, phase.Ticks % TimeSpan.TicksPerSecond);
        Assert.Equal(phase, new CalendarSyncCadence(TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30)).SafetyPhaseOf(id));
        Assert.Equal(PhaseOf(Cadence.NextSafetyReadAfter(id, Now)), PhaseOf(Cadence.NextSafetyReadAfter(id, Now.AddSeconds(1234.5))));
    }

    /// <summary>Calendars read for the first time together at <see cref="Now"/>, each opening its push channel right after.</summary>
    private static List<CalendarSyncState> Herd(int count, bool sequentialIds = false)
    {
        var random = new Random(19);
        var herd = new List<CalendarSyncState>(count);
        var bytes = new byte[16];
        for (var i = 0; i < count; i++)
        {
            random.NextBytes(bytes);
            var id = sequentialIds ? new Guid(i + 1, 0, 0, new byte[8]) : new Guid(bytes);
            var state = CalendarSyncState.Start(id, Guid.NewGuid(), Guid.NewGuid(), Email, Now);
            state.Synced(Email, "token", fullSync: true, sawChanges: false, Now, Cadence);
            state.ChannelOpened("channel-" + i, "resource-1", "hash", Now.AddDays(7), Now, Cadence);
            herd.Add(state);
        }

        return herd;
    }

    /// <summary>
    /// The sweep, played: every minute it reads the calendars due by then, earliest due first, at most the budget; each read
    /// (<see cref="CalendarSyncState.Synced"/>, nothing changed) runs the given lateness after its sweep.
    /// </summary>
    private sealed class SweepPlay(IReadOnlyList<CalendarSyncState> calendars, int budget = int.MaxValue, Func<TimeSpan>? lateness = null)
    {
        private readonly Dictionary<Guid, List<(DateTimeOffset Due, DateTimeOffset At)>> _reads = calendars.ToDictionary(c => c.Id, _ => new List<(DateTimeOffset, DateTimeOffset)>());

        /// <summary>Plays <paramref name="minutes"/> sweeps from <paramref name="start"/>; answers the reads of each.</summary>
        public int[] Run(DateTimeOffset start, int minutes)
        {
            var perMinute = new int[minutes];
            for (var minute = 0; minute < minutes; minute++)
            {
                var now = start.AddMinutes(minute);
                foreach (var state in calendars.Where(c => c.NextSyncDueAtUtc <= now).OrderBy(c => c.NextSyncDueAtUtc).Take(budget).ToList())
                {
                    var at = now + (lateness?.Invoke() ?? TimeSpan.Zero);
                    _reads[state.Id].Add((state.NextSyncDueAtUtc, at));
                    state.Synced(Email, "token", fullSync: false, sawChanges: false, at, Cadence);
                    perMinute[minute]++;
                }
            }

            return perMinute;
        }

        /// <summary>The sweep's reads of the calendar: when each was due, and when it ran.</summary>
        public List<(DateTimeOffset Due, DateTimeOffset At)> ReadsOf(CalendarSyncState state) => _reads[state.Id];
    }
}
