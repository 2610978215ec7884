namespace InsightGig.Infrastructure.Notifications;

/// <summary>Asks the background jobs to send a notification at its due time (after the save that wrote it committed).</summary>
internal interface INotificationDispatcher
{
    void SendAt(Guid notificationId, DateTimeOffset dueAtUtc);
}
