using System.Globalization;
using InsightGig.Application.Common.Access;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Domain.Common;
using InsightGig.Domain.Directory;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using InsightGig.Domain.Meetings.Availability;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.FindTime;

/// <summary>
/// Gathers what keeps everyone busy (InsightGig meetings in one query, connected calendars read in parallel within
/// <see cref="CalendarDeadline"/>) and lets <see cref="SlotFinder"/> choose. A calendar that fails is named; the others still count.
/// </summary>
internal sealed class FindTimeHandler(
    IApplicationDbContext db,
    ICurrentUser currentUser,
    MeetingContextResolver contexts,
    IFreeBusyReader calendars,
    IEnumerable<ICalendarFreeBusy> freeBusyAdapters,
    TimeProvider clock)
    : IQueryHandler<FindTimeQuery, Result<FoundTimes>>
{
    /// <summary>Long enough for a calendar that answers, short enough that the dialog does not hang on one that does not.</summary>
    public static readonly TimeSpan CalendarDeadline = TimeSpan.FromSeconds(3);

    public async ValueTask<Result<FoundTimes>> Handle(FindTimeQuery query, CancellationToken cancellationToken)
    {
        if (Viewer.From(currentUser) is not { } viewer)
        {
            return Error.NotFound("person");
        }

        var context = await contexts.ResolveAsync(viewer, query.ContextKind, query.ContextId, cancellationToken, onlyCandidates: query.Participants);
        if (context.IsFailure)
        {
            return Result<FoundTimes>.Failure(context.Errors);
        }

        var chosen = context.Value.Choose(query.Participants);
        if (chosen.IsFailure)
        {
            return Result<FoundTimes>.Failure(chosen.Errors);
        }

        Guid[] ids = [viewer.PersonId, .. chosen.Value.Select(c => c.PersonId).Where(id => id != viewer.PersonId)];
        var people = await db.People.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.FullName, p.TimeZoneId, p.WorkingHours, IsExpert = p.Kind == PersonKind.Expert }).ToListAsync(cancellationToken);
        if (people.FirstOrDefault(p => p.Id == viewer.PersonId) is not { } asker)
        {
            return Error.NotFound("person");
        }

        // Nobody's calendar is read for someone who may not schedule.
        if (asker.IsExpert)
        {
            return WhoSchedules.ExpertRefused;
        }

        var now = clock.GetUtcNow();
        var until = now.AddDays(SlotFinder.Days + 1);
        var meetings = await db.Meetings.AsNoTracking()
            .Where(m => m.Status != MeetingStatus.Cancelled && m.Status != MeetingStatus.Failed && m.EndUtc > now && m.StartUtc < until
                && (ids.Contains(m.OrganizerId) || m.Participants.Any(p => ids.Contains(p.PersonId))))
            .Select(m => new { m.StartUtc, m.EndUtc, m.OrganizerId, Participants = m.Participants.Select(p => p.PersonId).ToList() })
            .ToListAsync(cancellationToken);
        // Each person's calendar: the one receiving their invites, else any connected calendar whose free/busy can be read.
        string[] readable = [.. freeBusyAdapters.Select(a => a.Provider)];
        var connections = await db.ProviderConnections.AsNoTracking()
            .Where(c => ids.Contains(c.PersonId) && c.Status == ConnectionStatus.Active && readable.Contains(c.Provider))
            .Select(c => new { c.PersonId, c.Provider, c.ReceivesInvites })
            .ToListAsync(cancellationToken);
        FreeBusyAsk[] asks = [.. connections.GroupBy(c => c.PersonId).Select(g => g.OrderByDescending(c => c.ReceivesInvites).First()).Select(c => new FreeBusyAsk(c.PersonId, c.Provider))];
        var answers = await calendars.ReadAsync(asks, now, until, CalendarDeadline, cancellationToken);

        var participants = ids.Select(id => people.Single(p => p.Id == id)).Select(person =>
        {
            var answer = answers.FirstOrDefault(a => a.PersonId == person.Id);
            var busy = meetings.Where(m => m.OrganizerId == person.Id || m.Participants.Contains(person.Id))
                .Select(m => new TimeRange(m.StartUtc, m.EndUtc))
                .Concat((answer?.Busy ?? []).Select(b => new TimeRange(b.StartUtc, b.EndUtc)))
                .ToList();
            var reading = answer is null ? CalendarReading.NotConnected : answer.Busy is null ? CalendarReading.Failed : CalendarReading.Read;
            return new AvailabilityParticipant(person.Id, FirstName(person.FullName), Zone(person.TimeZoneId), person.WorkingHours, busy, reading, answer?.CalendarName);
        }).ToList();

        var organizerZone = participants[0].Zone;
        var found = SlotFinder.Find(new SlotSearch(now, query.DurationMinutes, participants, organizerZone, query.IncludeOutsideWorkingHours));
        if (found.IsFailure)
        {
            return Result<FoundTimes>.Failure(found.Errors);
        }

        var slots = found.Value.Slots.Select(s => Slot(s.Time, participants)).ToList();
        return new FoundTimes(slots, found.Value.Notices, found.Value.NothingFits, organizerZone.Id);
    }

    private static FoundSlot Slot(TimeRange time, List<AvailabilityParticipant> people)
    {
        var organizer = people[0];
        var start = TimeZoneInfo.ConvertTime(time.Start, organizer.Zone);
        var end = TimeZoneInfo.ConvertTime(time.End, organizer.Zone);
        var label = string.Create(CultureInfo.InvariantCulture, $"{start:ddd d MMM HH:mm}–{end:HH:mm}");
        foreach (var other in people.Skip(1).Where(p => p.Zone.Id != organizer.Zone.Id))
        {
            var theirs = TimeZoneInfo.ConvertTime(time.Start, other.Zone);
            var day = theirs.Date == start.Date ? string.Empty : theirs.ToString("ddd ", CultureInfo.InvariantCulture);
            label += string.Create(CultureInfo.InvariantCulture, $" · {other.Name} {day}{theirs:HH:mm} {City(other.Zone.Id)}");
        }

        return new FoundSlot(time.Start, time.End, start.DateTime, end.DateTime, (int)start.Offset.TotalMinutes, (int)end.Offset.TotalMinutes, label);
    }

    private static string FirstName(string fullName) => fullName.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? fullName;

    /// <summary>"America/New_York" → "New York".</summary>
    private static string City(string zoneId) => zoneId[(zoneId.LastIndexOf('/') + 1)..].Replace('_', ' ');

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
