using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Notifications.Kinds;
using InsightGig.Application.Notifications.Outbox;
using InsightGig.Domain.Meetings;
using InsightGig.Domain.Notifications;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InsightGig.Application.Notifications.PlanReminders;

/// <summary>
/// Derives reminders from the committed meetings as they come near: for each offset, the meetings on (being set up or
/// scheduled) whose reminder falls due after <see cref="PlanRemindersCommand.DueAfterUtc"/> and within the horizon, and
/// that lack a row for one of their people, found through the index on status and start time; each gets a pending row per
/// person (a skipped one where the time had already passed when the meeting was made, so a look back after a restart does
/// not send it late). Moves, cancellations and people leaving are the save's work (<see cref="NotificationOutbox"/>): it
/// moves or skips the rows already written, and what is not written yet is read from the meeting as it is now.
/// </summary>
/// <remarks>
/// Two instances may plan the same meeting: the outbox's unique key on meeting, person and offset makes the second insert
/// fail, which is "already planned". A page is saved at once; if that fails, each meeting is saved on its own, so one
/// meeting another instance planned first does not hold up the rest.
/// </remarks>
internal sealed partial class PlanRemindersHandler(
    IApplicationDbContext db,
    IOptions<NotificationOptions> options,
    TimeProvider clock,
    ILogger<PlanRemindersHandler> logger) : ICommandHandler<PlanRemindersCommand, PlanRemindersOutcome>
{
    public async ValueTask<PlanRemindersOutcome> Handle(PlanRemindersCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var upTo = now + options.Value.ReminderPlanningHorizon;
        var take = Math.Max(1, command.Take);
        var candidates = new List<Candidate>();
        var fullPage = false;
        foreach (var offset in options.Value.Offsets)
        {
            var found = await FindAsync(offset, StartAfter(command.DueAfterUtc, offset, now), upTo.AddMinutes(offset), take, cancellationToken);
            fullPage |= found.Count == take;
            candidates.AddRange(found);
        }

        // Least-due first across the offsets: what a full page leaves out is due later than what it holds.
        var page = candidates.OrderBy(c => c.DueAtUtc).Take(take).ToList();
        if (page.Count == 0)
        {
            return new PlanRemindersOutcome(0, 0, !fullPage, now);
        }

        var meetingIds = page.Select(c => c.MeetingId).Distinct().ToList();
        var written = (await db.Notifications.AsNoTracking()
                .Where(n => meetingIds.Contains(n.AboutId) && n.Kind == MeetingReminder.KindName)
                .Select(n => new { n.AboutId, n.RecipientPersonId, n.OffsetMinutes })
                .ToListAsync(cancellationToken))
            .Select(n => (n.AboutId, n.RecipientPersonId, n.OffsetMinutes ?? 0))
            .ToHashSet();

        var byMeeting = new List<List<Notification>>();
        foreach (var meeting in page.GroupBy(c => c.MeetingId))
        {
            var rows = new List<Notification>();
            foreach (var candidate in meeting)
            {
                foreach (var personId in candidate.People.Prepend(candidate.OrganizerId).Distinct())
                {
                    if (!written.Contains((candidate.MeetingId, personId, candidate.Offset)))
                    {
                        var row = NotificationOutbox.NewReminder(db, candidate.MeetingId, personId, candidate.Offset, candidate.DueAtUtc, now, rows);
                        if (candidate.DueAtUtc <= candidate.CreatedAtUtc)
                        {
                            row.Skip(NotificationOutbox.PastWhenScheduled);
                        }
                    }
                }
            }

            byMeeting.Add(rows);
        }

        var (added, failed) = await SaveAsync(byMeeting, cancellationToken);
        return new PlanRemindersOutcome(meetingIds.Count, added, !fullPage && failed == 0, now);
    }

    /// <summary>Meetings start after this for the offset's reminders to fall due after the last pass's, and not before now.</summary>
    private static DateTimeOffset StartAfter(DateTimeOffset? dueAfterUtc, int offset, DateTimeOffset now) =>
        dueAfterUtc is { } after && after.AddMinutes(offset) > now ? after.AddMinutes(offset) : now;

    private async Task<List<Candidate>> FindAsync(int offset, DateTimeOffset startAfter, DateTimeOffset startUpTo, int take, CancellationToken cancellationToken)
    {
        const string kind = MeetingReminder.KindName;
        var found = await db.Meetings.AsNoTracking()
            .Where(m => (m.Status == MeetingStatus.Scheduling || m.Status == MeetingStatus.Scheduled)
                && m.StartUtc > startAfter && m.StartUtc <= startUpTo
                && (!db.Notifications.Any(n => n.AboutId == m.Id && n.Kind == kind && n.OffsetMinutes == offset && n.RecipientPersonId == m.OrganizerId)
                    || m.Participants.Any(p => !db.Notifications.Any(n => n.AboutId == m.Id && n.Kind == kind && n.OffsetMinutes == offset && n.RecipientPersonId == p.PersonId))))
            .OrderBy(m => m.StartUtc)
            .Take(take)
            .Select(m => new { m.Id, m.OrganizerId, m.StartUtc, m.CreatedAtUtc, People = m.Participants.Select(p => p.PersonId).ToList() })
            .ToListAsync(cancellationToken);
        return [.. found.Select(m => new Candidate(m.Id, m.OrganizerId, m.People, offset, m.StartUtc.AddMinutes(-offset), m.CreatedAtUtc))];
    }

    /// <summary>
    /// Saves the page at once; if that fails (another instance planned one of them first), each meeting on its own. Answers
    /// the rows written and the meetings whose rows could not be written for another reason.
    /// </summary>
    private async Task<(int Added, int Failed)> SaveAsync(List<List<Notification>> byMeeting, CancellationToken cancellationToken)
    {
        var all = byMeeting.SelectMany(rows => rows).ToList();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (all.Count, 0);
        }
        catch (DbUpdateException)
        {
            Detach(all);
        }

        var (added, failed) = (0, 0);
        foreach (var rows in byMeeting.Where(rows => rows.Count > 0))
        {
            foreach (var row in rows)
            {
                db.Notifications.Add(row);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                added += rows.Count;
            }
            catch (DbUpdateException exception)
            {
                Detach(rows);
                var keys = rows.Select(n => n.Key).ToList();
                if (await db.Notifications.AnyAsync(n => keys.Contains(n.Key), cancellationToken))
                {
                    LogAlreadyPlanned(rows[0].AboutId);
                }
                else
                {
                    // Not a race (a person deleted meanwhile, the database away): the next pass tries again while it is due.
                    LogPlanFailed(rows[0].AboutId, exception.InnerException?.Message ?? exception.Message);
                    failed++;
                }
            }
        }

        return (added, failed);
    }

    private void Detach(List<Notification> rows)
    {
        foreach (var row in rows)
        {
            db.Notifications.Entry(row).State = EntityState.Detached;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reminders of meeting {MeetingId} were planned by another instance first")]
    private partial void LogAlreadyPlanned(Guid meetingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminders of meeting {MeetingId} could not be planned ({Error}); the next pass tries again")]
    private partial void LogPlanFailed(Guid meetingId, string error);

    private sealed record Candidate(Guid MeetingId, Guid OrganizerId, List<Guid> People, int Offset, DateTimeOffset DueAtUtc, DateTimeOffset CreatedAtUtc);
}
