using System.ComponentModel;
using Hangfire;
using InsightGig.Application.Notifications.ListDueNotifications;
using InsightGig.Infrastructure.Notifications;
using InsightGig.Application.Notifications.SendNotification;
using Mediator;

namespace InsightGig.Infrastructure.Jobs;

/// <summary>
/// Sends the outbox: each notification is scheduled for its due time when its save commits, and a sweep every minute sends
/// whatever is due and was not (a job lost in a crash, a worker that died mid-send and whose lease ran out). A try that
/// failed for a passing reason is scheduled again with back-off.
/// </summary>
public sealed class NotificationJobs(ISender sender, IBackgroundJobClient jobs)
{
    public const string RecurringJobId = "send-due-notifications";

    [DisplayName("Send notification {0}")]
    [AutomaticRetry(Attempts = 0)]
    public async Task SendAsync(Guid notificationId, CancellationToken cancellationToken)
    {
        var outcome = await sender.Send(new SendNotificationCommand(notificationId), cancellationToken);
        if (outcome.RetryAtUtc is { } retryAt)
        {
            jobs.Schedule<NotificationJobs>(job => job.SendAsync(notificationId, CancellationToken.None), retryAt);
        }
    }

    [DisplayName("Send the notifications that are due")]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var due = await sender.Send(new ListDueNotificationsQuery(), cancellationToken);
        foreach (var id in due)
        {
            jobs.Enqueue<NotificationJobs>(job => job.SendAsync(id, CancellationToken.None));
        }

        return due.Count;
    }
}

/// <summary>Hands a committed notification to Hangfire for its due time.</summary>
internal sealed class HangfireNotificationDispatcher(IBackgroundJobClient jobs, TimeProvider clock) : INotificationDispatcher
{
    public void SendAt(Guid notificationId, DateTimeOffset dueAtUtc)
    {
        if (dueAtUtc <= clock.GetUtcNow())
        {
            jobs.Enqueue<NotificationJobs>(job => job.SendAsync(notificationId, CancellationToken.None));
        }
        else
        {
            jobs.Schedule<NotificationJobs>(job => job.SendAsync(notificationId, CancellationToken.None), dueAtUtc);
        }
    }
}
