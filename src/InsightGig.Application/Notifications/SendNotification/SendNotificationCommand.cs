using Mediator;

namespace InsightGig.Application.Notifications.SendNotification;

/// <summary>Sends one notification from the outbox if it is due and nobody else is sending it (sent by the background job).</summary>
public sealed record SendNotificationCommand(Guid NotificationId) : ICommand<SendNotificationOutcome>;

/// <param name="RetryAtUtc">Set when a try failed for a passing reason: when to try again.</param>
public sealed record SendNotificationOutcome(bool Sent, DateTimeOffset? RetryAtUtc = null)
{
    public static readonly SendNotificationOutcome Nothing = new(false);
}
