using InsightGig.Application.Common.Interfaces;
using InsightGig.Domain.Common;
using InsightGig.Domain.Notifications;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Notifications.ListNotifications;

/// <summary>
/// The outbox for admins, newest first: every notification that failed, and those still waiting or already sent. Anyone but
/// an admin gets "not found". <paramref name="SentOnly"/>: only mails handed over (the development mail catcher's view).
/// </summary>
public sealed record ListNotificationsQuery(bool SentOnly = false, int Take = 200) : IQuery<Result<IReadOnlyList<NotificationRow>>>;

public sealed record NotificationRow(
    Guid Id,
    string Kind,
    NotificationStatus Status,
    string? RecipientEmail,
    string RecipientName,
    string? Subject,
    string? TextBody,
    string? HtmlBody,
    DateTimeOffset DueAtUtc,
    DateTimeOffset? SentAtUtc,
    int Attempts,
    string? LastError);

internal sealed class ListNotificationsHandler(IApplicationDbContext db, ICurrentUser currentUser)
    : IQueryHandler<ListNotificationsQuery, Result<IReadOnlyList<NotificationRow>>>
{
    public async ValueTask<Result<IReadOnlyList<NotificationRow>>> Handle(ListNotificationsQuery query, CancellationToken cancellationToken)
    {
        if (!currentUser.IsAdmin && !query.SentOnly)
        {
            return Error.NotFound("notifications");
        }

        var rows = db.Notifications.AsNoTracking();
        rows = query.SentOnly ? rows.Where(n => n.Status == NotificationStatus.Sent) : rows;
        // Failures first: they are what an admin comes here for.
        var list = await rows
            .OrderBy(n => n.Status == NotificationStatus.Failed ? 0 : 1).ThenByDescending(n => n.CreatedAtUtc)
            .Take(Math.Clamp(query.Take, 1, 1000))
            .Join(db.People, n => n.RecipientPersonId, p => p.Id, (n, p) => new NotificationRow(n.Id, n.Kind, n.Status, n.RecipientEmail ?? p.Email, p.FullName,
                n.Subject, n.TextBody, n.HtmlBody, n.DueAtUtc, n.SentAtUtc, n.Attempts, n.LastError))
            .ToListAsync(cancellationToken);
        return list;
    }
}
