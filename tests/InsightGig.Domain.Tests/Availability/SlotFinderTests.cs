using InsightGig.Domain.Directory;
using InsightGig.Domain.Meetings.Availability;

namespace InsightGig.Domain.Tests.Availability;

/// <summary>Finding a time for everyone: working hours in each person's zone, busy intervals, daylight saving, and saying why nothing fits.</summary>
public sealed class SlotFinderTests
{
    private static readonly TimeZoneInfo London = Zone("Europe/London");
    private static readonly TimeZoneInfo NewYork = Zone("America/New_York");
    private static readonly TimeZoneInfo Tokyo = Zone("Asia/Tokyo");
    private static readonly TimeZoneInfo Kiritimati = Zone("Pacific/Kiritimati");
    private static readonly TimeZoneInfo Honolulu = Zone("Pacific/Honolulu");

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0, int year = 2027) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static AvailabilityParticipant Person(string name, TimeZoneInfo zone, params TimeRange[] busy) =>
        new(Guid.NewGuid(), name, zone, WorkingHours.Default, busy, CalendarReading.Read, "Google Calendar");

    private static SlotSuggestions Find(DateTimeOffset now, int minutes, params AvailabilityParticipant[] people) =>
        SlotFinder.Find(new SlotSearch(now, minutes, people, people[0].Zone)).Value;

    private static TimeRange Range(DateTimeOffset start, int minutes) => new(start, start.AddMinutes(minutes));

    [Fact]
    public void Best_first_the_earliest_day_then_away_from_the_edges_of_the_day_at_most_three_a_day_never_overlapping()
    {
        // Monday 11 January 2027, London on GMT: working hours 09:00–18:00 are 09:00–18:00 UTC.
        var result = Find(Utc(1, 11, 7), 60, Person("Clara", London), Person("Sofia", London));

        Assert.Equal(SlotFinder.MaxSlots, result.Slots.Count);
        Assert.Equal(
            [Utc(1, 11, 10), Utc(1, 11, 11), Utc(1, 11, 12), Utc(1, 12, 10), Utc(1, 12, 11), Utc(1, 12, 12),
             Utc(1, 13, 10), Utc(1, 13, 11), Utc(1, 13, 12), Utc(1, 14, 10)],
            result.Slots.Select(s => s.Time.Start));
        Assert.All(result.Slots, s => Assert.Equal((TimeSpan.FromHours(1), 0, 0), (s.Time.End - s.Time.Start, s.PeopleNearEdgeOfDay, s.PeopleOutsideWorkingHours)));
        Assert.Null(result.NothingFits);
        Assert.Empty(result.Notices);
    }

    [Fact]
    public void Slots_start_at_the_next_quarter_hour_and_a_day_with_only_edge_times_left_still_offers_them()
    {
        // Monday 16:07: only 16:15–17:15 … 17:00–18:00 are left today, all in the last hour for someone.
        var result = Find(Utc(1, 11, 16, 7), 60, Person("Clara", London));

        var monday = result.Slots.Where(s => s.Time.Start.Day == 11).ToList();
        Assert.Equal([Utc(1, 11, 16, 15)], monday.Select(s => s.Time.Start)); // 17:00 would overlap it
        Assert.Equal(1, monday[0].PeopleNearEdgeOfDay);
        Assert.True(result.Slots.Zip(result.Slots.Skip(1)).All(pair => !pair.First.Time.Overlaps(pair.Second.Time)));
    }

    [Fact]
    public void Overlapping_busy_intervals_are_joined_and_adjacent_ones_leave_no_gap_but_a_slot_may_touch_them()
    {
        var erin = Person("Erin", London,
            Range(Utc(1, 11, 9), 30), Range(Utc(1, 11, 9, 15), 105), // 09:00–09:30 and 09:15–11:00 overlap
            Range(Utc(1, 11, 11), 60), // 11:00–12:00 touches them: busy 09:00–12:00 in one piece
            Range(Utc(1, 11, 13), 300)); // busy 13:00–18:00

        var monday = Find(Utc(1, 11, 7), 60, erin, Person("Clara", London)).Slots.Where(s => s.Time.Start.Day == 11).ToList();

        // Only 12:00–13:00 is free: it starts as one busy interval ends and ends as the next begins.
        Assert.Equal([Utc(1, 11, 12)], monday.Select(s => s.Time.Start));
    }

    [Fact]
    public void A_busy_interval_in_any_order_anywhere_blocks_every_slot_overlapping_it_by_a_minute()
    {
        var hiro = Person("Hiro", London, Range(Utc(1, 11, 16), 120), Range(Utc(1, 11, 10, 59), 2));

        var monday = Find(Utc(1, 11, 7), 30, hiro).Slots.Where(s => s.Time.Start.Day == 11).ToList();

        Assert.DoesNotContain(monday, s => s.Time.Overlaps(Range(Utc(1, 11, 10, 59), 2)) || s.Time.Overlaps(Range(Utc(1, 11, 16), 120)));
        Assert.Contains(monday, s => s.Time.End == Utc(1, 11, 10, 45) || s.Time.Start >= Utc(1, 11, 11, 15));
    }

    [Fact]
    public void In_the_week_london_has_fallen_back_and_new_york_not_yet_their_common_hours_are_an_hour_longer()
    {
        // Week of 25 October 2027: London BST (+1), New York EDT (−4): 09:00 EDT = 13:00Z, 18:00 BST = 17:00Z.
        var before = Find(Utc(10, 25, 0), 60, Person("Clara", London), Person("Carlos", NewYork)).Slots.Where(s => s.Time.Start.Day == 25);
        // Week of 1 November: London GMT since 31 October, New York EDT until 7 November: 13:00Z–18:00Z.
        var after = Find(Utc(11, 1, 0), 60, Person("Clara", London), Person("Carlos", NewYork)).Slots.Where(s => s.Time.Start.Day == 1);

        // Away from both edges: 14:00–16:00Z before, 14:00–17:00Z after; then the earliest edge time.
        Assert.Equal([Utc(10, 25, 14), Utc(10, 25, 15), Utc(10, 25, 13)], before.Select(s => s.Time.Start));
        Assert.Equal([Utc(11, 1, 14), Utc(11, 1, 15), Utc(11, 1, 16)], after.Select(s => s.Time.Start));
    }

    [Fact]
    public void In_spring_new_york_moves_two_weeks_before_london_and_the_common_hours_grow_then_shrink_again()
    {
        // 2027: New York springs forward on 14 March, London on 28 March. Clara 09:00–18:00 London, Carlos 09:00–18:00 New York.
        // Week of 8 March: GMT and EST, 14:00–18:00Z in common; 15 March: GMT and EDT, 13:00–18:00Z; 29 March: BST and EDT, 13:00–17:00Z.
        static List<DateTimeOffset> Monday(DateTimeOffset now) =>
            [.. Find(now, 60, Person("Clara", London), Person("Carlos", NewYork)).Slots.Where(s => s.Time.Start.Day == now.Day).Select(s => s.Time.Start)];

        // Away from both people's first and last hour first, then the earliest slot at an edge.
        Assert.Equal([Utc(3, 8, 15), Utc(3, 8, 16), Utc(3, 8, 14)], Monday(Utc(3, 8, 0)));
        Assert.Equal([Utc(3, 15, 14), Utc(3, 15, 15), Utc(3, 15, 16)], Monday(Utc(3, 15, 0)));
        Assert.Equal([Utc(3, 29, 14), Utc(3, 29, 15), Utc(3, 29, 13)], Monday(Utc(3, 29, 0)));
    }

    [Fact]
    public void Zones_14_hours_apart_kiritimati_and_london_have_no_common_working_hours_and_the_reason_says_so()
    {
        // January: Kiritimati +14, London +0. 09:00–18:00 in Kiritimati is 19:00–04:00Z the day before; in London 09:00–18:00Z.
        var result = Find(Utc(1, 11, 0), 30, Person("Teuila", Kiritimati), Person("Clara", London));

        Assert.Empty(result.Slots);
        Assert.Equal("No common working hours in the next 14 days: Teuila Mon–Fri 09:00–18:00 (Pacific/Kiritimati), Clara Mon–Fri 09:00–18:00 (Europe/London).",
            result.NothingFits);
    }

    [Fact]
    public void Including_hours_outside_working_time_offers_each_persons_waking_hours_ranked_by_who_is_outside()
    {
        // Kiritimati and London, 14 hours apart, on London's Monday 11 January: 20:00Z and 21:00Z are Teuila's Tuesday 10:00 and
        // 11:00 (working) and Clara's evening (outside); 17:00Z is Clara's last working hour (edge) and Teuila's 07:00 (outside).
        var search = new SlotSearch(Utc(1, 11, 0), 60, [Person("Clara", London), Person("Teuila", Kiritimati)], London, IncludeOutsideWorkingHours: true);

        var monday = SlotFinder.Find(search).Value.Slots.Where(s => s.Time.Start.Day == 11).ToList();

        Assert.Equal(
            [(Utc(1, 11, 20), 0, 1), (Utc(1, 11, 21), 0, 1), (Utc(1, 11, 17), 1, 1)],
            monday.Select(s => (s.Time.Start, s.PeopleNearEdgeOfDay, s.PeopleOutsideWorkingHours)));
    }

    [Fact]
    public void Kiritimati_and_honolulu_read_the_same_clock_a_day_apart_so_only_days_both_work_are_offered()
    {
        // +14 and −10: Teuila's Tuesday 09:00 is Kai's Monday 09:00 (19:00Z). Her Mondays are his Sundays, his Fridays her Saturdays.
        var result = Find(Utc(1, 11, 0), 60, Person("Teuila", Kiritimati), Person("Kai", Honolulu));

        Assert.Equal(
            [Utc(1, 11, 20), Utc(1, 11, 21), Utc(1, 11, 22), Utc(1, 12, 20), Utc(1, 12, 21), Utc(1, 12, 22),
             Utc(1, 13, 20), Utc(1, 13, 21), Utc(1, 13, 22), Utc(1, 14, 20)],
            result.Slots.Select(s => s.Time.Start));
        Assert.All(result.Slots, s => Assert.NotEqual(DayOfWeek.Monday, TimeZoneInfo.ConvertTime(s.Time.Start, Kiritimati).DayOfWeek));
    }

    [Fact]
    public void On_the_night_clocks_change_working_hours_stay_on_each_persons_wall_clock()
    {
        // Sunday 28 March 2027 London springs forward; someone working Sundays 09:00–12:00 works 08:00–11:00 UTC that day.
        var sundays = WorkingHours.Create([new WorkingDay(DayOfWeek.Sunday, new TimeOnly(9, 0), new TimeOnly(12, 0))]).Value;
        var person = new AvailabilityParticipant(Guid.NewGuid(), "Sofia", London, sundays, [], CalendarReading.Read);

        var result = SlotFinder.Find(new SlotSearch(Utc(3, 27, 12), 90, [person], London)).Value;

        Assert.Equal([Utc(3, 28, 8), Utc(3, 28, 9, 30)], result.Slots.Where(s => s.Time.Start.Day == 28).Select(s => s.Time.Start));
        Assert.All(result.Slots.Where(s => s.Time.Start.Day == 28), s => Assert.InRange(s.Time.End, Utc(3, 28, 8), Utc(3, 28, 11)));
    }

    [Fact]
    public void Zones_14_hours_apart_have_no_common_working_hours_and_the_reason_says_whose_hours_where()
    {
        // January: Tokyo +9, New York −5. 09:00–18:00 in Tokyo is 00:00–09:00Z; in New York 14:00–23:00Z.
        var result = Find(Utc(1, 11, 0), 30, Person("Hiro", Tokyo), Person("Carlos", NewYork));

        Assert.Empty(result.Slots);
        Assert.Equal("No common working hours in the next 14 days: Hiro Mon–Fri 09:00–18:00 (Asia/Tokyo), Carlos Mon–Fri 09:00–18:00 (America/New_York).",
            result.NothingFits);
    }

    [Fact]
    public void With_hours_outside_working_time_included_zones_14_hours_apart_get_evening_slots_ranked_by_who_is_outside()
    {
        var hiro = Person("Hiro", Tokyo);
        var carlos = Person("Carlos", NewYork);

        var result = SlotFinder.Find(new SlotSearch(Utc(1, 11, 0), 60, [carlos, hiro], NewYork, IncludeOutsideWorkingHours: true)).Value;

        Assert.NotEmpty(result.Slots);
        Assert.Null(result.NothingFits);
        foreach (var slot in result.Slots)
        {
            var carlosTime = TimeZoneInfo.ConvertTime(slot.Time.Start, NewYork);
            var hiroTime = TimeZoneInfo.ConvertTime(slot.Time.Start, Tokyo);
            Assert.InRange(carlosTime.TimeOfDay, TimeSpan.FromHours(7), TimeSpan.FromHours(21)); // ends by 22:00
            Assert.InRange(slot.PeopleOutsideWorkingHours, 1, 2);
            Assert.True(hiroTime.Hour is >= 7 and <= 21);
        }

        // Carlos's evening (19:00–22:00 EST) is Hiro's working morning: one person outside working hours, the best there is.
        Assert.Equal(1, result.Slots[0].PeopleOutsideWorkingHours);
    }

    [Fact]
    public void Common_hours_shorter_than_the_duration_are_named_as_such()
    {
        // Someone in London working 17:30–20:00: half an hour in common with Clara's 09:00–18:00.
        var late = WorkingHours.Weekdays(new TimeOnly(17, 30), new TimeOnly(20, 0));
        var erin = new AvailabilityParticipant(Guid.NewGuid(), "Erin", London, late, [], CalendarReading.Read);

        var result = Find(Utc(1, 11, 0), 60, Person("Clara", London), erin);

        Assert.Empty(result.Slots);
        Assert.Equal("Everyone's working hours overlap by at most 30 minutes at a time in the next 14 days, less than 60 minutes.", result.NothingFits);
        Assert.NotEmpty(Find(Utc(1, 11, 0), 30, Person("Clara", London), erin).Slots);
    }

    [Fact]
    public void When_every_common_time_is_taken_the_reason_names_who_is_busy()
    {
        var erin = Person("Erin", London, Range(Utc(1, 10, 0), 60 * 24 * 20));

        var result = Find(Utc(1, 11, 0), 45, Person("Clara", London), erin);

        Assert.Empty(result.Slots);
        Assert.Equal("Every common time of 45 minutes within working hours in the next 14 days is taken (busy then: Erin).", result.NothingFits);
    }

    [Fact]
    public void Someone_without_working_hours_is_named()
    {
        var none = new AvailabilityParticipant(Guid.NewGuid(), "Priya", London, WorkingHours.Create([]).Value, [], CalendarReading.Read);

        Assert.Equal("Priya has no working hours set.", Find(Utc(1, 11, 0), 60, Person("Clara", London), none).NothingFits);
    }

    [Fact]
    public void A_calendar_that_timed_out_is_named_and_the_suggestions_still_come_from_what_is_known()
    {
        var clara = Person("Clara", London, Range(Utc(1, 11, 9), 180));
        var erin = new AvailabilityParticipant(Guid.NewGuid(), "Erin", London, WorkingHours.Default, [Range(Utc(1, 11, 12), 60)], CalendarReading.Failed, "Google Calendar");
        var priya = new AvailabilityParticipant(Guid.NewGuid(), "Priya", London, WorkingHours.Default, [], CalendarReading.NotConnected);

        var result = Find(Utc(1, 11, 7), 60, clara, erin, priya);

        Assert.Equal(
            ["Erin's calendar (Google Calendar) could not be read in time: only their working hours and InsightGig meetings are known.",
             "Priya has not connected a calendar: only their working hours and InsightGig meetings are known."],
            result.Notices);
        // Clara's calendar and Erin's InsightGig meeting still count.
        Assert.Equal([Utc(1, 11, 13), Utc(1, 11, 14), Utc(1, 11, 15)], result.Slots.Where(s => s.Time.Start.Day == 11).Select(s => s.Time.Start));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(120)]
    [InlineData(-60)]
    public void Only_the_offered_durations_are_accepted(int minutes)
    {
        var result = SlotFinder.Find(new SlotSearch(Utc(1, 11, 0), minutes, [Person("Clara", London)], London));

        Assert.Equal(("find_time.duration", "Choose a duration of 30, 45, 60, 90 minutes."), (result.FirstError.Code, result.FirstError.Message));
    }

    [Fact]
    public void Nobody_to_find_a_time_for_is_refused()
    {
        Assert.Equal("find_time.nobody", SlotFinder.Find(new SlotSearch(Utc(1, 11, 0), 60, [], London)).FirstError.Code);
    }

    [Fact]
    public void Working_hours_are_described_in_runs_of_days()
    {
        var hours = WorkingHours.Create(
        [
            new WorkingDay(DayOfWeek.Monday, new TimeOnly(8, 0), new TimeOnly(16, 0)),
            new WorkingDay(DayOfWeek.Tuesday, new TimeOnly(8, 0), new TimeOnly(16, 0)),
            new WorkingDay(DayOfWeek.Friday, new TimeOnly(8, 0), new TimeOnly(12, 0)),
            new WorkingDay(DayOfWeek.Sunday, new TimeOnly(10, 0), new TimeOnly(12, 0)),
        ]).Value;

        Assert.Equal("Mon–Tue 08:00–16:00, Fri 08:00–12:00, Sun 10:00–12:00", SlotFinder.Describe(hours));
        Assert.Equal("Mon–Fri 09:00–18:00", SlotFinder.Describe(WorkingHours.Default));
    }
}
