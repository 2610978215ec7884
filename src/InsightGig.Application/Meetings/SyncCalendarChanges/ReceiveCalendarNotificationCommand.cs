using InsightGig.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.SyncCalendarChanges;

/// <summary>
/// A push notification from the calendar (<c>POST /webhooks/google</c>): its channel id, token, resource id and state
/// (the <c>X-Goog-*</c> headers). A notification of a live channel with the right token queues a sync of that organizer's
/// calendar; the notification itself carries no data and nothing from it is stored.
/// </summary>
public sealed record ReceiveCalendarNotificationCommand(string? ChannelId, string? ChannelToken, string? ResourceId, string? ResourceState)
    : ICommand<CalendarNotificationOutcome>
{
    /// <summary>
    /// The resource state a unit sends when the calendar says the channel itself ended or must be replaced (a subscription
    /// removed, or one that needs reauthorizing): the channel is forgotten and a sync queued, which opens a new one.
    /// </summary>
    public const string ChannelEnded = "insightgig:channel-ended";
}

public enum CalendarNotificationOutcome
{
    /// <summary>Not a channel of ours (unknown, replaced, or expired): nothing done.</summary>
    Ignored,
    /// <summary>A channel of ours but the wrong token: not from the calendar; nothing done.</summary>
    Rejected,
    /// <summary>The <c>sync</c> message that opens a channel: nothing to read yet.</summary>
    Acknowledged,
    /// <summary>Something changed: a sync of the organizer's calendar is queued.</summary>
    SyncQueued,
    /// <summary>Something changed while a sync was queued or running: that sync is followed by exactly one more.</summary>
    FollowUpRequested,
}

internal sealed class ReceiveCalendarNotificationHandler(IApplicationDbContext db, ICalendarSyncScheduler scheduler, CalendarSyncSettings settings, TimeProvider clock)
    : ICommandHandler<ReceiveCalendarNotificationCommand, CalendarNotificationOutcome>
{
    public async ValueTask<CalendarNotificationOutcome> Handle(ReceiveCalendarNotificationCommand command, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(command.ChannelId) || command.ChannelId.Length > Domain.Integrations.CalendarSyncState.ChannelIdMaxLength)
        {
            return CalendarNotificationOutcome.Ignored;
        }

        var state = await db.CalendarSyncStates.AsNoTracking().FirstOrDefaultAsync(s => s.ChannelId == command.ChannelId, cancellationToken);
        if (state is null || !state.IsLiveChannel(command.ChannelId, clock.GetUtcNow())
            || (command.ResourceId is not null && command.ResourceId != state.ChannelResourceId))
        {
            return CalendarNotificationOutcome.Ignored;
        }

        if (!CalendarChannelTokens.Matches(command.ChannelToken, state.ChannelTokenHash))
        {
            return CalendarNotificationOutcome.Rejected;
        }

        if (string.Equals(command.ResourceState, "sync", StringComparison.Ordinal))
        {
            return CalendarNotificationOutcome.Acknowledged;
        }

        if (string.Equals(command.ResourceState, ReceiveCalendarNotificationCommand.ChannelEnded, StringComparison.Ordinal))
        {
            var tracked = await db.CalendarSyncStates.FirstOrDefaultAsync(s => s.Id == state.Id && s.ChannelId == command.ChannelId, cancellationToken);
            if (tracked is not null)
            {
                tracked.ChannelClosed();
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    // A sync stored this calendar's state meanwhile (perhaps with a new channel already): nothing to forget.
                }
            }
        }

        // Notifications coalesce: one sync in flight per calendar, and those arriving meanwhile make exactly one follow-up.
        // The two conditional UPDATEs alternate until one applies (a sync that ended between them released the claim).
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = clock.GetUtcNow();
            if (await CalendarSyncClaims.TryClaimAsync(db, state.Id, now, settings.ClaimLease, cancellationToken))
            {
                scheduler.Enqueue(state.PersonId, state.ConnectionId);
                return CalendarNotificationOutcome.SyncQueued;
            }

            if (await CalendarSyncClaims.TryRequestFollowUpAsync(db, state.Id, now, cancellationToken))
            {
                return CalendarNotificationOutcome.FollowUpRequested;
            }
        }

        // Claims kept changing hands under us: a sync ran just now, and the sweep's safety net covers the rest.
        return CalendarNotificationOutcome.FollowUpRequested;
    }
}
