namespace InsightGig.Infrastructure.Notifications;

/// <summary>Asks the background jobs to send notifications at their due time (after the save that wrote them committed).</summary>
internal interface INotificationDispatcher
{
    /// <summary>
    /// <paramref name="notificationIds"/>, all due at <paramref name="dueAtUtc"/>, as one background job: a meeting's
    /// reminders for everyone at one offset are one job, not one per person.
    /// </summary>
    void SendAt(IReadOnlyList<Guid> notificationIds, DateTimeOffset dueAtUtc);
}
