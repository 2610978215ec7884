using InsightGig.Application.Notifications;
using InsightGig.Application.Notifications.ListDueNotifications;
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
/// due now wakes the loop.
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

    private readonly SemaphoreSlim _wake = new(0, 1);

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
    /// One pass: sends the notifications due now (at most one page of <see cref="ListDueNotificationsQuery.Take"/>), each once
    /// across instances. Answers how many were read and how many were sent; one whose send throws is logged and left
    /// for a later pass (unclaimed, it is still due; claimed, once its lease runs out).
    /// </summary>
    public async Task<(int Due, int Sent)> SendDueAsync(CancellationToken cancellationToken)
    {
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the due notifications ({Error}); the next pass tries again")]
    private partial void LogPassFailed(string error);
}
