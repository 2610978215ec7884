using InsightGig.Application.Common.Interfaces;
using InsightGig.Domain.Notifications;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Notifications.ListDueNotifications;

/// <summary>
/// Notifications due now that nobody is sending (a lease that ran out counts: its worker died), oldest first; with
/// <paramref name="OverdueBy"/>, only those due at least that long ago.
/// </summary>
public sealed record ListDueNotificationsQuery(int Take = 500, TimeSpan OverdueBy = default) : IQuery<IReadOnlyList<Guid>>;

internal sealed class ListDueNotificationsHandler(IApplicationDbContext db, TimeProvider clock) : IQueryHandler<ListDueNotificationsQuery, IReadOnlyList<Guid>>
{
    public async ValueTask<IReadOnlyList<Guid>> Handle(ListDueNotificationsQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var dueBy = now - query.OverdueBy;
        return await db.Notifications.AsNoTracking()
            .Where(n => n.Status == NotificationStatus.Pending && n.NextAttemptAtUtc <= dueBy && (n.LeaseUntilUtc == null || n.LeaseUntilUtc <= now))
            .OrderBy(n => n.NextAttemptAtUtc)
            .Take(query.Take)
            .Select(n => n.Id)
            .ToListAsync(cancellationToken);
    }
}
