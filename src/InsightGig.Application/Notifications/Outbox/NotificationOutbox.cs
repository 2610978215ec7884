using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Notifications.Kinds;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using InsightGig.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InsightGig.Application.Notifications.Outbox;

/// <summary>
/// Writes the notifications that pending changes cause into the same save (the store calls it just before it saves):
/// reminders follow their meeting (added when due within <see cref="NotificationOptions.ReminderPlanningHorizon"/>, moved
/// when it moves, skipped when it is cancelled or fails or a person leaves it; none for an offset already past), and a lost
/// connection queues one reconnect alert. The outbox's unique key keeps one reminder per meeting, person and offset, and
/// one alert per incident.
/// </summary>
/// <remarks>
/// A reminder further away than the horizon is not written here: the committed meeting is its durable record, and the send
/// loop's planning step (<c>PlanRemindersCommand</c>) writes it as it comes near. So "Create meeting" writes no reminder row
/// (8 of its 16 rows and 8 of its 13 foreign-key checks were reminders; docs/performance.md, cpu5 and rem6).
/// </remarks>
public sealed class NotificationOutbox(IOptions<NotificationOptions> options, TimeProvider clock)
{
    /// <param name="meetings">Meetings whose times, status or people change in this save (<c>IsNew</c>: being inserted).</param>
    /// <param name="events">Domain events of this save.</param>
    /// <returns>The notifications it added to the save (the caller stops tracking them once they are committed).</returns>
    public async Task<IReadOnlyList<Notification>> PlanAsync(IApplicationDbContext db, IReadOnlyList<(Meeting Meeting, bool IsNew)> meetings, IReadOnlyList<object> events,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(meetings);
        ArgumentNullException.ThrowIfNull(events);
        var now = clock.GetUtcNow();
        var added = new List<Notification>();
        foreach (var (meeting, isNew) in meetings)
        {
            await PlanRemindersAsync(db, meeting, isNew, now, added, cancellationToken);
        }

        foreach (var lost in events.OfType<ConnectionLost>())
        {
            var alert = ReconnectAlert.For(lost, now);
            if (!db.Notifications.Local.Any(n => n.Key == alert.Key) && !await db.Notifications.AnyAsync(n => n.Key == alert.Key, cancellationToken))
            {
                db.Notifications.Add(alert);
                added.Add(alert);
            }
        }

        return added;
    }

    private async Task PlanRemindersAsync(IApplicationDbContext db, Meeting meeting, bool isNew, DateTimeOffset now, List<Notification> added,
        CancellationToken cancellationToken)
    {
        var existing = db.Notifications.Local.Where(n => n.Kind == MeetingReminder.KindName && n.AboutId == meeting.Id).ToList();
        if (!isNew)
        {
            var stored = await db.Notifications.Where(n => n.Kind == MeetingReminder.KindName && n.AboutId == meeting.Id).ToListAsync(cancellationToken);
            existing = [.. existing.Union(stored)];
        }

        var on = meeting.Status is MeetingStatus.Scheduling or MeetingStatus.Scheduled;
        var people = on ? [meeting.OrganizerId, .. meeting.Participants.Select(p => p.PersonId)] : new List<Guid>();
        var wanted = new HashSet<(Guid, int)>();
        foreach (var personId in people.Distinct())
        {
            foreach (var offset in options.Value.Offsets)
            {
                var due = meeting.StartUtc.AddMinutes(-offset);
                var row = existing.Find(n => n.RecipientPersonId == personId && n.OffsetMinutes == offset);
                if (due <= now)
                {
                    // Already past: a late "reminder" would only confuse. A changed meeting records that, so a planning pass
                    // that looks back over time no pass covered (after a restart) does not send it late.
                    if (row is null && !isNew)
                    {
                        var passed = NewReminder(db, meeting.Id, personId, offset, due, now, added);
                        passed.Skip(PastWhenScheduled);
                    }

                    continue;
                }

                wanted.Add((personId, offset));
                if (row is null)
                {
                    if (due <= now + options.Value.ReminderPlanningHorizon)
                    {
                        NewReminder(db, meeting.Id, personId, offset, due, now, added);
                    }
                }
                else if (row.Status == NotificationStatus.Skipped)
                {
                    row.Revive(due);
                }
                else
                {
                    row.MoveTo(due);
                }
            }
        }

        var why = !on ? "The meeting is not on any more." : "The meeting moved too close for this reminder, or the person left it.";
        foreach (var row in existing.Where(n => n.Status == NotificationStatus.Pending && !wanted.Contains((n.RecipientPersonId, n.OffsetMinutes ?? 0))))
        {
            row.Skip(why);
        }
    }

    /// <summary>Why a reminder whose time had passed when its meeting was scheduled or moved is not sent.</summary>
    public const string PastWhenScheduled = "The reminder's time had passed when the meeting was scheduled or moved.";

    /// <summary>A pending reminder of <paramref name="meetingId"/> for one person and offset, added to the save.</summary>
    public static Notification NewReminder(IApplicationDbContext db, Guid meetingId, Guid personId, int offset, DateTimeOffset due, DateTimeOffset now,
        List<Notification> added)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(added);
        var reminder = Notification.Create(Guid.NewGuid(), MeetingReminder.KindName, MeetingReminder.KeyFor(meetingId, personId, offset),
            personId, meetingId, due, now, offset);
        db.Notifications.Add(reminder);
        added.Add(reminder);
        return reminder;
    }
}
