using System.ComponentModel;
using Hangfire;
using InsightGig.Application.Notifications.ListDueNotifications;
using InsightGig.Infrastructure.Notifications;
using InsightGig.Application.Notifications.SendNotification;
using Mediator;

namespace InsightGig.Infrastructure.Jobs;

/// <summary>
/// The outbox's Hangfire jobs. Where the job server runs, its send loop (<see cref="DueNotificationLoop"/>) sends the outbox
/// and a save makes no job; an instance without a job server schedules each save's notifications for their due time (those
/// due at the same moment in one job). A sweep every minute is the backstop: it sends what is overdue by more than a minute
/// (no loop took it). A try that failed for a passing reason is scheduled again with back-off.
/// </summary>
public sealed class NotificationJobs(ISender sender, IBackgroundJobClient jobs)
{
    public const string RecurringJobId = "send-due-notifications";

    /// <summary>
    /// What the sweep leaves to the send loops: a notification due less long ago than this is theirs (they look every few
    /// seconds); taking it too would make a job for what a loop is about to send, most often at whole minutes, when both run.
    /// </summary>
    public static readonly TimeSpan SweepOverdueBy = TimeSpan.FromMinutes(1);

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

    /// <summary>
    /// Notifications due at the same moment (a meeting's reminders at one offset), each sent as <see cref="SendAsync"/> sends
    /// it, one after the other: one that throws does not keep the others from going, and the job then fails naming it (its
    /// lease runs out and the minute sweep sends it again, as after a failed <see cref="SendAsync"/>).
    /// </summary>
    [DisplayName("Send notifications due together")]
    [AutomaticRetry(Attempts = 0)]
    public async Task SendAllAsync(Guid[] notificationIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notificationIds);
        var failed = new List<Exception>();
        foreach (var id in notificationIds)
        {
            try
            {
                await SendAsync(id, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failed.Add(new InvalidOperationException($"Notification {id} was not sent: {exception.Message}", exception));
            }
        }

        if (failed.Count > 0)
        {
            throw new AggregateException(failed);
        }
    }

    [DisplayName("Send the notifications that are due")]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var due = await sender.Send(new ListDueNotificationsQuery(OverdueBy: SweepOverdueBy), cancellationToken);
        foreach (var id in due)
        {
            jobs.Enqueue<NotificationJobs>(job => job.SendAsync(id, CancellationToken.None));
        }

        return due.Count;
    }
}

/// <summary>Hands committed notifications to Hangfire for their due time, one job for those due at the same moment.</summary>
internal sealed class HangfireNotificationDispatcher(IBackgroundJobClient jobs, TimeProvider clock) : INotificationDispatcher
{
    public void SendAt(IReadOnlyList<Guid> notificationIds, DateTimeOffset dueAtUtc)
    {
        ArgumentNullException.ThrowIfNull(notificationIds);
        var due = dueAtUtc <= clock.GetUtcNow();
        if (notificationIds.Count == 1)
        {
            // One notification keeps its own job, as every job made before SendAllAsync existed.
            var id = notificationIds[0];
            _ = due
                ? jobs.Enqueue<NotificationJobs>(job => job.SendAsync(id, CancellationToken.None))
                : jobs.Schedule<NotificationJobs>(job => job.SendAsync(id, CancellationToken.None), dueAtUtc);
        }
        else if (notificationIds.Count > 1)
        {
            Guid[] all = [.. notificationIds];
            _ = due
                ? jobs.Enqueue<NotificationJobs>(job => job.SendAllAsync(all, CancellationToken.None))
                : jobs.Schedule<NotificationJobs>(job => job.SendAllAsync(all, CancellationToken.None), dueAtUtc);
        }
    }
}
