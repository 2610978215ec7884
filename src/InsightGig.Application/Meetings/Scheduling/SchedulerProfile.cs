using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Domain.Directory;
using InsightGig.Domain.Integrations;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.Scheduling;

/// <summary>One of the scheduler's provider connections, as far as scheduling cares.</summary>
public sealed record SchedulerConnection(Guid Id, string Provider, ConnectionStatus Status, string? AccountEmail, bool ReceivesInvites, DateTimeOffset ConnectedAtUtc)
{
    public bool IsActive => Status == ConnectionStatus.Active;
}

/// <summary>
/// What scheduling needs to know about the person scheduling: their time zone, their provider connections and, for a
/// submitted form, whether its meeting already exists, and whether they are an expert (who do not schedule,
/// <see cref="WhoSchedules"/>). Read in one round trip: "Create meeting" is on a hot path.
/// </summary>
internal sealed record SchedulerProfile(Guid PersonId, string TimeZoneId, IReadOnlyList<SchedulerConnection> Connections, bool MeetingExists, bool IsExpert)
{
    /// <summary>The scheduler's connection to <paramref name="provider"/>, if any.</summary>
    public SchedulerConnection? ConnectionTo(string provider) => Connections.FirstOrDefault(c => c.Provider == provider);

    /// <summary>The calendar that receives the scheduler's invites (<see cref="InviteCalendars"/>), if they connected one.</summary>
    public SchedulerConnection? InviteCalendar(ProviderCatalog catalog) =>
        InviteCalendars.Pick(Connections.Where(c => catalog.OffersCalendar(c.Provider)), c => c.Status, c => c.ReceivesInvites, c => c.ConnectedAtUtc);

    /// <param name="meetingId">The submitted form's meeting id (its idempotency key), or null when nothing is submitted.</param>
    public static Task<SchedulerProfile?> LoadAsync(IApplicationDbContext db, Guid personId, Guid? meetingId, CancellationToken cancellationToken)
    {
        // A captured bool, not `meetingId != null` in the query: EF Core evaluates a comparison of captured values by
        // compiling it, on every call (about 3 % of "Create meeting"'s CPU in a profile); a captured variable it just reads.
        var submitted = meetingId.HasValue;
        // One query although queries split by default: a person has one connection per provider, no row explosion to avoid.
        return db.People.AsNoTracking().AsSingleQuery()
            .Where(p => p.Id == personId)
            .Select(p => new SchedulerProfile(
                p.Id,
                p.TimeZoneId,
                db.ProviderConnections.Where(c => c.PersonId == p.Id)
                    .Select(c => new SchedulerConnection(c.Id, c.Provider, c.Status, c.AccountEmail, c.ReceivesInvites, c.ConnectedAtUtc))
                    .ToList(),
                submitted && db.Meetings.Any(m => m.Id == meetingId),
                p.Kind == PersonKind.Expert))
            .FirstOrDefaultAsync(cancellationToken);
    }
}
