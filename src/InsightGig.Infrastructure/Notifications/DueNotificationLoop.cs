using InsightGig.Application.Notifications;
using InsightGig.Application.Notifications.ListDueNotifications;
using InsightGig.Application.Notifications.PlanReminders;
using InsightGig.Application.Notifications.SendNotification;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InsightGig.Infrastructure.Notifications;

/// <summary>
/// Sends the outbox from this process, where the job server runs: every <see cref="NotificationOptions.SendPollInterval"/> it
/// reads the pending notifications that are due (an indexed query) and sends each, claimed with its lease so that of two
/// instances one sends. As the dispatcher, it makes no job for a notification: one due later is found by a later pass, one
/// due now wakes the loop. Before each pass it plans the reminders that come due within the planning horizon
/// (<see cref="PlanRemindersCommand"/>): a meeting's reminders are written near their time, not with the meeting.
/// </summary>
/// <remarks>
/// Before, each save's reminders became Hangfire jobs (on PostgreSQL about ten transactions each, two jobs per meeting: more
/// CPU than the meeting's own request; docs/performance.md). Nothing a job gave is lost: the notifications are committed
/// with the change, so a process that dies loses nothing; a failed try sets the notification's next attempt, which a later
/// pass finds; and a worker that died mid-send leaves a lease that runs out, after which the notification is due again.
/// </remarks>
internal sealed partial class DueNotificationLoop(
    IServiceScopeFactory scopes,
    IOptions<NotificationOptions> options,
    TimeProvider clock,
    ILogger<DueNotificationLoop> logger) : BackgroundService, INotificationDispatcher
{
    /// <summary>Notifications sent at the same time by one pass (each is an SMTP conversation: a few run side by side).</summary>
    public const int SendConcurrency = 4;

    /// <summary>Pages of reminders one pass plans at most (each page a save); what is left waits for the next pass.</summary>
    public const int PlanPagesPerPass = 10;

    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>The clock of this process's last complete planning pass; null until the first, which looks back over every meeting not started.</summary>
    private DateTimeOffset? _plannedAtUtc;

    public void SendAt(IReadOnlyList<Guid> notificationIds, DateTimeOffset dueAtUtc)
    {
        ArgumentNullException.ThrowIfNull(notificationIds);
        // One due later needs nothing: the pass after its due time finds it.
        if (notificationIds.Count > 0 && dueAtUtc <= clock.GetUtcNow())
        {
            Wake();
        }
    }

    /// <summary>
    /// Writes the reminders due from the last complete planning pass to the planning horizon, page by page (at most
    /// <see cref="PlanPagesPerPass"/>). Answers how many rows it wrote. A page left over, a meeting whose rows could not be
    /// saved or a pass that failed leaves the starting point where it was, so the next pass looks from there again.
    /// </summary>
    public async Task<int> PlanRemindersAsync(CancellationToken cancellationToken)
    {
        var added = 0;
        for (var pages = 0; pages < PlanPagesPerPass; pages++)
        {
            PlanRemindersOutcome outcome;
            await using (var scope = scopes.CreateAsyncScope())
            {
                outcome = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new PlanRemindersCommand(_plannedAtUtc), cancellationToken);
            }

            added += outcome.Added;
            if (outcome.Complete)
            {
                _plannedAtUtc = outcome.PlannedAtUtc;
                break;
            }

            if (outcome.Added == 0)
            {
                break; // nothing written (each failed): the next pass tries again from the same point
            }
        }

        return added;
    }

    /// <summary>
    /// One pass: plans the reminders coming due (<see cref="PlanRemindersAsync"/>), then sends the notifications due now (at
    /// most one page of <see cref="ListDueNotificationsQuery.Take"/>), each once across instances. Answers how many were
    /// read and how many were sent; one whose send throws is logged and left for a later pass (unclaimed, it is still due;
    /// claimed, once its lease runs out).
    /// </summary>
    public async Task<(int Due, int Sent)> SendDueAsync(CancellationToken cancellationToken)
    {
        try
        {
            await PlanRemindersAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            // What is already planned still goes; the next pass plans from the same point again.
            LogPlanFailed(exception.Message);
        }

        IReadOnlyList<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ListDueNotificationsQuery(), cancellationToken);
        }

        var sent = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = SendConcurrency, CancellationToken = cancellationToken },
            async (id, ct) =>
            {
                await using var scope = scopes.CreateAsyncScope();
                try
                {
                    var outcome = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SendNotificationCommand(id), ct);
                    if (outcome.Sent)
                    {
                        Interlocked.Increment(ref sent);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
                {
                    LogSendFailed(id, exception.Message);
                }
            });
        return (due.Count, sent);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var fullPage = false;
            try
            {
                var (due, sent) = await SendDueAsync(stoppingToken);
                // A full page that moved: more may be due, go on at once (a page of failures waits for the next pass).
                fullPage = due >= new ListDueNotificationsQuery().Take && sent > 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The database did not answer: the next pass tries again.
                LogPassFailed(exception.Message);
            }

            if (!fullPage)
            {
                try
                {
                    await _wake.WaitAsync(options.Value.SendPollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        _wake.Dispose();
    }

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Woken already by another save.
        }
        catch (ObjectDisposedException)
        {
            // Stopping: the notification is committed and the next instance's pass sends it.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId} could not be sent ({Error}); a later pass tries again")]
    private partial void LogSendFailed(Guid notificationId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not plan the reminders coming due ({Error}); the next pass tries again")]
    private partial void LogPlanFailed(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the due notifications ({Error}); the next pass tries again")]
    private partial void LogPassFailed(string error);
}
