using InsightGig.Application.Common.Access;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.GetMeeting;

internal sealed class GetMeetingHandler(
    IApplicationDbContext db,
    ICurrentUser currentUser,
    ProviderCatalog catalog,
    MeetingContextResolver contexts,
    TimeProvider clock) : IQueryHandler<GetMeetingQuery, Result<MeetingDetails>>
{
    public async ValueTask<Result<MeetingDetails>> Handle(GetMeetingQuery query, CancellationToken cancellationToken)
    {
        if (Viewer.From(currentUser) is not { } viewer)
        {
            return Error.NotFound("meeting");
        }

        var meeting = await db.Meetings.AsNoTracking()
            .TakenPartInBy(viewer.PersonId)
            .FirstOrDefaultAsync(m => m.Id == query.MeetingId, cancellationToken);
        if (meeting is null)
        {
            return Error.NotFound("meeting");
        }

        // Current names of the organizer and of everyone who changed the meeting (one query).
        var personIds = meeting.History.Select(h => h.ByPersonId).OfType<Guid>().Append(meeting.OrganizerId).Distinct().ToList();
        var people = await db.People.AsNoTracking()
            .Where(p => personIds.Contains(p.Id))
            .Select(p => new { p.Id, p.FullName, p.Email, p.TimeZoneId, p.OrganisationId })
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        var organizer = people.GetValueOrDefault(meeting.OrganizerId);

        var isOrganizer = meeting.OrganizerId == viewer.PersonId;
        IReadOnlyList<InviteCandidate> candidates = [];
        if (isOrganizer && meeting.Status == MeetingStatus.Scheduled && meeting.ContextKind == MeetingContextKind.Project)
        {
            // The same rule as scheduling and EditMeetingDetails: the project's collaborators as they are now.
            var context = await contexts.ResolveAsync(viewer, meeting.ContextKind, meeting.ContextId, cancellationToken);
            candidates = context.IsSuccess ? context.Value.Candidates : [];
        }

        var visibility = ParticipantVisibility.For(viewer.PersonId, viewer.OrganisationId, meeting.OrganizerId, organizer?.OrganisationId, meeting.HideGuestList);
        var (participants, others) = visibility.Apply(meeting.Participants, p => p.PersonId);
        var platform = catalog.Platform(meeting.PlatformKey);
        var calendarName = await MeetingCalendarName.ForAsync(db, catalog, meeting.CalendarConnectionId, cancellationToken);
        var problem = meeting.SyncProblem;
        return new MeetingDetails(
            meeting.Id,
            meeting.Version,
            meeting.Title,
            meeting.Description,
            meeting.PlatformKey,
            platform?.DisplayName ?? meeting.PlatformKey,
            meeting.StartUtc,
            meeting.EndUtc,
            meeting.TimeZoneId,
            organizer?.TimeZoneId ?? meeting.TimeZoneId,
            meeting.JoinUrl,
            meeting.Status,
            isOrganizer,
            new MeetingPerson(meeting.OrganizerId, organizer?.FullName ?? "The organizer", organizer?.Email ?? string.Empty),
            [.. participants
                .OrderBy(p => p.FullName, StringComparer.Ordinal)
                .Select(p => new MeetingAttendee(p.PersonId, p.FullName, p.Email, p.Response, p.PersonId == viewer.PersonId, p.ResponseSource, p.ResponseSourceName))],
            meeting.IsConverging,
            problem,
            // MeetingConverger words a refused grant as "Reconnect {provider} to finish this change."
            problem?.StartsWith("Reconnect ", StringComparison.Ordinal) == true,
            meeting.CancellationNote,
            meeting.CancelledAtUtc,
            isOrganizer ? meeting.FailureReason : null,
            [.. meeting.History
                .OrderByDescending(h => h.Sequence)
                .Select(h => new MeetingHistoryEntry(h.Sequence, h.AtUtc,
                    h.ByPersonId is { } by ? (visibility.Shows(by, meeting.OrganizerId) ? people.GetValueOrDefault(by)?.FullName : "Another participant") : null,
                    h.Source, h.Summary, h.SourceName))],
            meeting.ContextKind,
            await ContextLinkAsync(viewer, meeting.ContextKind, meeting.ContextId, cancellationToken),
            candidates,
            platform?.Icon ?? string.Empty,
            calendarName,
            OpenProposals(meeting, viewer.PersonId, isOrganizer),
            others,
            meeting.HideGuestList)
        {
            CanAnswer = !isOrganizer && meeting.Status == MeetingStatus.Scheduled && meeting.EndUtc > clock.GetUtcNow(),
        };
    }

    private static List<MeetingProposalView> OpenProposals(Meeting meeting, Guid viewerId, bool isOrganizer) =>
        [.. meeting.Proposals
            .Where(p => p.IsOpen && (isOrganizer || p.PersonId == viewerId))
            .OrderBy(p => p.ProposedAtUtc)
            .Select(p => new MeetingProposalView(p.Id, p.PersonId,
                meeting.Participants.FirstOrDefault(a => a.PersonId == p.PersonId)?.FullName ?? "A former participant",
                p.StartUtc, p.EndUtc, p.Note, p.ProposedAtUtc))];

    /// <summary>The context's name when the viewer may open its page (a back link that never leads to a 404).</summary>
    private async Task<MeetingContextLink?> ContextLinkAsync(Viewer viewer, MeetingContextKind kind, Guid id, CancellationToken cancellationToken)
    {
        var name = kind switch
        {
            MeetingContextKind.ExpertProfile => await (
                    from expert in db.Experts.AsNoTracking()
                    join person in db.People.AsNoTracking() on expert.Id equals person.Id
                    where expert.Id == id
                    select person.FullName)
                .FirstOrDefaultAsync(cancellationToken),
            MeetingContextKind.Brief => await db.Briefs.AsNoTracking().VisibleTo(viewer).Where(b => b.Id == id).Select(b => b.Title).FirstOrDefaultAsync(cancellationToken),
            MeetingContextKind.Project => await db.Projects.AsNoTracking().VisibleTo(viewer).Where(p => p.Id == id).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken),
            _ => null,
        };
        return name is null ? null : new MeetingContextLink(kind, id, name);
    }
}
