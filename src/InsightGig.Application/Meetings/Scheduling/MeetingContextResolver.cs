using InsightGig.Application.Common.Access;
using InsightGig.Application.Common.Interfaces;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.Scheduling;

/// <summary>A person who can be invited from a context.</summary>
public sealed record InviteCandidate(Guid PersonId, string FullName, string Email, string TimeZoneId, bool IsExpert);

/// <summary>
/// Where a meeting is scheduled from and who may be invited. On a profile or a brief the meeting is 1:1 and the
/// candidate is fixed; on a project the organizer picks among the collaborators (never themselves).
/// </summary>
public sealed record MeetingContext(MeetingContextKind Kind, Guid Id, string Name, bool ParticipantsFixed, IReadOnlyList<InviteCandidate> Candidates);

/// <summary>Finds a context the viewer may see and its invite candidates; anything else is not found.</summary>
internal sealed class MeetingContextResolver(IApplicationDbContext db)
{
    /// <param name="onlyCandidates">
    /// When given, a project's candidates are only those of these people who may be invited (the people a form names),
    /// not all its collaborators: checking a submitted choice needs no more.
    /// </param>
    public async Task<Result<MeetingContext>> ResolveAsync(
        Viewer viewer, MeetingContextKind kind, Guid id, CancellationToken cancellationToken, IReadOnlyCollection<Guid>? onlyCandidates = null) => kind switch
    {
        MeetingContextKind.ExpertProfile => await ExpertAsync(viewer, id, cancellationToken),
        MeetingContextKind.Brief => await BriefAsync(viewer, id, cancellationToken),
        MeetingContextKind.Project => await ProjectAsync(viewer, id, onlyCandidates, cancellationToken),
        _ => Error.NotFound("meeting context"),
    };

    private async Task<Result<MeetingContext>> ExpertAsync(Viewer viewer, Guid expertId, CancellationToken cancellationToken)
    {
        var expert = await Candidates(db.Experts.AsNoTracking().Where(e => e.Id == expertId).Select(e => e.Id)).FirstOrDefaultAsync(cancellationToken);
        if (expert is null)
        {
            return Error.NotFound("expert");
        }

        return expert.PersonId == viewer.PersonId
            ? Error.Validation("meeting.with_yourself", "This is your own profile: open someone else's profile to meet them.")
            : new MeetingContext(MeetingContextKind.ExpertProfile, expertId, expert.FullName, ParticipantsFixed: true, [expert]);
    }

    private async Task<Result<MeetingContext>> BriefAsync(Viewer viewer, Guid briefId, CancellationToken cancellationToken)
    {
        var brief = await db.Briefs.AsNoTracking().VisibleTo(viewer).Where(b => b.Id == briefId)
            .Select(b => new { b.Id, b.Title, b.ExpertId, b.CreatedById })
            .FirstOrDefaultAsync(cancellationToken);
        if (brief is null)
        {
            return Error.NotFound("brief");
        }

        // The brief's 1:1 is with its expert; when the expert schedules, it is with the client who wrote the brief.
        var otherId = brief.ExpertId == viewer.PersonId ? brief.CreatedById : brief.ExpertId;
        var other = await Candidates(db.People.AsNoTracking().Where(p => p.Id == otherId).Select(p => p.Id)).FirstAsync(cancellationToken);
        return new MeetingContext(MeetingContextKind.Brief, brief.Id, brief.Title, ParticipantsFixed: true, [other]);
    }

    private async Task<Result<MeetingContext>> ProjectAsync(Viewer viewer, Guid projectId, IReadOnlyCollection<Guid>? onlyCandidates, CancellationToken cancellationToken)
    {
        var everyone = onlyCandidates is null;
        var chosen = onlyCandidates ?? [];
        // The project and its candidates in one round trip (the dialog and "Create meeting" both come through here): one
        // collection, so a single query repeats only the project's two columns per candidate.
        var project = await db.Projects.AsNoTracking().AsSingleQuery().VisibleTo(viewer).Where(p => p.Id == projectId)
            .Select(p => new
            {
                p.Id,
                p.Name,
                Candidates = (from collaborator in p.Collaborators
                              where collaborator.PersonId != viewer.PersonId && (everyone || chosen.Contains(collaborator.PersonId))
                              join person in db.People on collaborator.PersonId equals person.Id
                              select new InviteCandidate(person.Id, person.FullName, person.Email, person.TimeZoneId, db.Experts.Any(e => e.Id == person.Id)))
                    .ToList(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (project is null)
        {
            return Error.NotFound("project");
        }

        return new MeetingContext(MeetingContextKind.Project, project.Id, project.Name, ParticipantsFixed: false,
            [.. project.Candidates.OrderBy(c => c.IsExpert).ThenBy(c => c.FullName, StringComparer.Ordinal)]);
    }

    private IQueryable<InviteCandidate> Candidates(IQueryable<Guid> personIds) =>
        from person in db.People.AsNoTracking()
        where personIds.Contains(person.Id)
        select new InviteCandidate(person.Id, person.FullName, person.Email, person.TimeZoneId, db.Experts.Any(e => e.Id == person.Id));
}
