using System.Globalization;
using InsightGig.Domain.Common;
using InsightGig.Domain.Directory;

namespace InsightGig.Domain.Meetings.Availability;

/// <summary>What to look for: everyone (organizer included), how long, from when.</summary>
/// <param name="Now">The search starts at the next quarter hour after this.</param>
/// <param name="OrganizerZone">Slots are ranked by the organizer's days.</param>
/// <param name="IncludeOutsideWorkingHours">Also offer waking hours (07:00–22:00 in each person's zone) outside working time, ranked last.</param>
public sealed record SlotSearch(
    DateTimeOffset Now,
    int DurationMinutes,
    IReadOnlyList<AvailabilityParticipant> Participants,
    TimeZoneInfo OrganizerZone,
    bool IncludeOutsideWorkingHours = false);

/// <summary>A time everyone is free; how many of them it puts near the edge of, or outside, their working day.</summary>
public sealed record SuggestedSlot(TimeRange Time, int PeopleNearEdgeOfDay, int PeopleOutsideWorkingHours);

/// <param name="Notices">Whose calendar is not known and why: the suggestions count only their working hours and InsightGig meetings.</param>
/// <param name="NothingFits">Why there is no slot, when there is none.</param>
public sealed record SlotSuggestions(IReadOnlyList<SuggestedSlot> Slots, IReadOnlyList<string> Notices, string? NothingFits);

/// <summary>
/// Finds up to <see cref="MaxSlots"/> times in the next <see cref="Days"/> days where everyone is free and inside their
/// working hours. Candidates start on every quarter hour (a quarter hour in UTC is one in every zone). Best first: the
/// organizer's earliest day, then fewest people near the edge of their day (the first or last hour) or outside working
/// hours, then the earliest start. The slots do not overlap each other, and at most <see cref="MaxSlotsPerDayFirst"/>
/// come from one day while other days have room, so the list offers different days.
/// </summary>
public static class SlotFinder
{
    public const int Days = 14;

    public const int MaxSlots = 10;

    public const int MaxSlotsPerDayFirst = 3;

    public static readonly IReadOnlyList<int> DurationsInMinutes = [30, 45, 60, 90];

    private static readonly TimeSpan Step = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan EdgeOfDay = TimeSpan.FromHours(1);

    private static readonly TimeSpan WakingStart = TimeSpan.FromHours(7);

    private static readonly TimeSpan WakingEnd = TimeSpan.FromHours(22);

    public static Result<SlotSuggestions> Find(SlotSearch search)
    {
        ArgumentNullException.ThrowIfNull(search);
        if (!DurationsInMinutes.Contains(search.DurationMinutes))
        {
            return Error.Validation("find_time.duration", $"Choose a duration of {string.Join(", ", DurationsInMinutes)} minutes.", "Duration");
        }

        if (search.Participants.Count == 0)
        {
            return Error.Validation("find_time.nobody", "Choose who takes part first.", "Participants");
        }

        var people = search.Participants.Select(p => (Person: p, Busy: TimeRange.Merge(p.Busy))).ToList();
        var duration = TimeSpan.FromMinutes(search.DurationMinutes);
        var first = RoundUpToStep(search.Now);
        var last = first.AddDays(Days);

        var fits = new List<(TimeRange Time, DateOnly OrganizerDay, int Cost, int NearEdge, int Outside)>();
        for (var start = first; start + duration <= last; start += Step)
        {
            var slot = new TimeRange(start, start + duration);
            if (Fit(people, slot, search.IncludeOutsideWorkingHours, countBusy: true) is { } fit)
            {
                fits.Add((slot, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, search.OrganizerZone).DateTime), fit.NearEdge + (2 * fit.Outside), fit.NearEdge, fit.Outside));
            }
        }

        var ranked = fits.OrderBy(f => f.OrganizerDay).ThenBy(f => f.Cost).ThenBy(f => f.Time.Start).ToList();
        var chosen = new List<(TimeRange Time, DateOnly OrganizerDay, int Cost, int NearEdge, int Outside)>();
        foreach (var perDay in new int?[] { MaxSlotsPerDayFirst, null })
        {
            foreach (var fit in ranked)
            {
                if (chosen.Count == MaxSlots)
                {
                    break;
                }

                if (!chosen.Any(c => c.Time.Overlaps(fit.Time)) && (perDay is null || chosen.Count(c => c.OrganizerDay == fit.OrganizerDay) < perDay))
                {
                    chosen.Add(fit);
                }
            }
        }

        var slots = chosen.OrderBy(c => c.OrganizerDay).ThenBy(c => c.Cost).ThenBy(c => c.Time.Start)
            .Select(c => new SuggestedSlot(c.Time, c.NearEdge, c.Outside)).ToList();
        return new SlotSuggestions(slots, Notices(search.Participants), slots.Count > 0 ? null : WhyNothingFits(search, people, first, last, duration));
    }

    /// <summary>Everyone's cost for the slot, or null when someone cannot make it.</summary>
    private static (int NearEdge, int Outside)? Fit(
        List<(AvailabilityParticipant Person, IReadOnlyList<TimeRange> Busy)> people, TimeRange slot, bool includeOutside, bool countBusy)
    {
        var (nearEdge, outside) = (0, 0);
        foreach (var (person, busy) in people)
        {
            switch (Place(person, slot, includeOutside))
            {
                case Placement.Inside:
                    break;
                case Placement.NearEdge:
                    nearEdge++;
                    break;
                case Placement.Outside:
                    outside++;
                    break;
                default:
                    return null;
            }

            if (countBusy && IsBusy(busy, slot))
            {
                return null;
            }
        }

        return (nearEdge, outside);
    }

    private enum Placement
    {
        Unavailable,
        Inside,
        NearEdge,
        Outside,
    }

    /// <summary>Where the slot falls in the person's own day, read on their wall clock (so daylight saving is theirs).</summary>
    private static Placement Place(AvailabilityParticipant person, TimeRange slot, bool includeOutside)
    {
        var localStart = TimeZoneInfo.ConvertTime(slot.Start, person.Zone).DateTime;
        var localEnd = TimeZoneInfo.ConvertTime(slot.End, person.Zone).DateTime;
        if (localEnd.Date != localStart.Date)
        {
            return Placement.Unavailable; // across their midnight: outside any working day and any waking hours
        }

        if (person.Hours.On(localStart.DayOfWeek) is { } day
            && localStart.TimeOfDay >= day.Start.ToTimeSpan() && localEnd.TimeOfDay <= day.End.ToTimeSpan())
        {
            var nearEdge = localStart.TimeOfDay - day.Start.ToTimeSpan() < EdgeOfDay || day.End.ToTimeSpan() - localEnd.TimeOfDay < EdgeOfDay;
            return nearEdge ? Placement.NearEdge : Placement.Inside;
        }

        return includeOutside && localStart.TimeOfDay >= WakingStart && localEnd.TimeOfDay <= WakingEnd ? Placement.Outside : Placement.Unavailable;
    }

    /// <summary>Whether a merged, sorted busy list overlaps the slot (binary search for the first busy range ending after its start).</summary>
    private static bool IsBusy(IReadOnlyList<TimeRange> busy, TimeRange slot)
    {
        var (low, high) = (0, busy.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (busy[middle].End <= slot.Start)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low < busy.Count && busy[low].Start < slot.End;
    }

    private static DateTimeOffset RoundUpToStep(DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        var rounded = (ticks + Step.Ticks - 1) / Step.Ticks * Step.Ticks;
        return new DateTimeOffset(rounded, TimeSpan.Zero);
    }

    private static List<string> Notices(IReadOnlyList<AvailabilityParticipant> participants) =>
    [
        .. participants.Select(p => p.Calendar switch
        {
            CalendarReading.NotConnected => $"{p.Name} has not connected a calendar: only their working hours and InsightGig meetings are known.",
            CalendarReading.Failed => $"{p.Name}'s calendar{(p.CalendarName is null ? string.Empty : $" ({p.CalendarName})")} could not be read in time: only their working hours and InsightGig meetings are known.",
            _ => null,
        }).OfType<string>(),
    ];

    private static string WhyNothingFits(
        SlotSearch search, List<(AvailabilityParticipant Person, IReadOnlyList<TimeRange> Busy)> people, DateTimeOffset first, DateTimeOffset last, TimeSpan duration)
    {
        var hours = search.IncludeOutsideWorkingHours ? "waking hours (07:00–22:00 their time)" : "working hours";
        if (!search.IncludeOutsideWorkingHours && people.FirstOrDefault(p => p.Person.Hours.Days.Count == 0).Person is { } idle)
        {
            return $"{idle.Name} has no working hours set.";
        }

        // Quarter hours everyone could meet in were there no meetings at all, and the longest run of them.
        var common = new List<DateTimeOffset>();
        for (var start = first; start + Step <= last; start += Step)
        {
            if (Fit(people, new TimeRange(start, start + Step), search.IncludeOutsideWorkingHours, countBusy: false) is not null)
            {
                common.Add(start);
            }
        }

        if (common.Count == 0)
        {
            var whose = search.IncludeOutsideWorkingHours
                ? string.Join(", ", people.Select(p => $"{p.Person.Name} ({p.Person.Zone.Id})"))
                : string.Join(", ", people.Select(p => $"{p.Person.Name} {Describe(p.Person.Hours)} ({p.Person.Zone.Id})"));
            return $"No common {hours} in the next {Days} days: {whose}.";
        }

        var (longest, run) = (1, 1);
        for (var i = 1; i < common.Count; i++)
        {
            run = common[i] - common[i - 1] == Step ? run + 1 : 1;
            longest = Math.Max(longest, run);
        }

        var longestMinutes = (int)(longest * Step).TotalMinutes;
        if (longest * Step < duration)
        {
            return $"Everyone's {hours} overlap by at most {longestMinutes} minutes at a time in the next {Days} days, less than {(int)duration.TotalMinutes} minutes.";
        }

        var busyOnes = people.Where(p => common.Any(s => IsBusy(p.Busy, new TimeRange(s, s + Step)))).Select(p => p.Person.Name).ToList();
        return $"Every common time of {(int)duration.TotalMinutes} minutes within {hours} in the next {Days} days is taken" +
            (busyOnes.Count > 0 ? $" (busy then: {string.Join(", ", busyOnes)})." : ".");
    }

    /// <summary>"Mon–Fri 09:00–18:00", "Mon–Thu 08:00–16:00, Fri 08:00–12:00": runs of days with the same hours.</summary>
    public static string Describe(WorkingHours hours)
    {
        ArgumentNullException.ThrowIfNull(hours);
        var runs = new List<(WorkingDay First, WorkingDay Last)>();
        foreach (var day in hours.Days.OrderBy(d => ((int)d.Day + 6) % 7))
        {
            if (runs.Count > 0 && runs[^1].Last.Start == day.Start && runs[^1].Last.End == day.End && ((int)runs[^1].Last.Day + 1) % 7 == (int)day.Day)
            {
                runs[^1] = (runs[^1].First, day);
            }
            else
            {
                runs.Add((day, day));
            }
        }

        static string Name(DayOfWeek day) => CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedDayName(day);
        return runs.Count == 0
            ? "no working hours"
            : string.Join(", ", runs.Select(r => string.Create(CultureInfo.InvariantCulture,
                $"{Name(r.First.Day)}{(r.First.Day == r.Last.Day ? string.Empty : "–" + Name(r.Last.Day))} {r.First.Start:HH:mm}–{r.First.End:HH:mm}")));
    }
}
