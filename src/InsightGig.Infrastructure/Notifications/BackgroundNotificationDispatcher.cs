using System.Threading.Channels;
using InsightGig.Infrastructure.Jobs;
using Microsoft.Extensions.Logging;

namespace InsightGig.Infrastructure.Notifications;

/// <summary>
/// In an instance without a job server, hands committed notifications to the servers' jobs off the request's path:
/// <see cref="SendAt"/> only queues them in memory, and one loop creates the jobs. On PostgreSQL a Hangfire job is several
/// transactions (the job, its parameters, its state, the schedule set). Where the job server runs,
/// <see cref="DueNotificationLoop"/> is the dispatcher instead and no job is made.
/// </summary>
/// <remarks>
/// Nothing is lost when the jobs are never made (the process dies first, the queue is full, the job storage fails): the
/// notifications were committed with the change, and the servers' send loops (<see cref="DueNotificationLoop"/>) send every
/// pending notification that is due, whether a job was made for it or not. A stop drains what is queued first.
/// </remarks>
internal sealed partial class BackgroundNotificationDispatcher(HangfireNotificationDispatcher jobs, ILogger<BackgroundNotificationDispatcher> logger)
    : INotificationDispatcher, IAsyncDisposable
{
    /// <summary>Groups waiting at most (a group is one save's notifications due together); beyond it the sweep sends them.</summary>
    public const int Capacity = 10_000;

    /// <summary>How long a stop waits for the queue to drain.</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(10);

    private readonly Channel<(Guid[] Ids, DateTimeOffset DueAtUtc)> _queue =
        Channel.CreateBounded<(Guid[], DateTimeOffset)>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Lock _start = new();
    private Task? _loop;
    private int _unfinished;

    public void SendAt(IReadOnlyList<Guid> notificationIds, DateTimeOffset dueAtUtc)
    {
        ArgumentNullException.ThrowIfNull(notificationIds);
        Interlocked.Increment(ref _unfinished);
        if (!_queue.Writer.TryWrite(([.. notificationIds], dueAtUtc)))
        {
            Interlocked.Decrement(ref _unfinished);
            LogNotQueued(string.Join(", ", notificationIds));
            return;
        }

        if (_loop is null)
        {
            lock (_start)
            {
                _loop ??= Task.Run(DispatchQueuedAsync);
            }
        }
    }

    /// <summary>Completes once everything queued before the call has been handed to the jobs (or failed, and was logged).</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        while (Volatile.Read(ref _unfinished) > 0)
        {
            await Task.Delay(5, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Task? loop;
        lock (_start)
        {
            loop = _loop;
        }

        if (loop is not null && await Task.WhenAny(loop, Task.Delay(DrainLimit)) != loop)
        {
            LogNotDrained(Volatile.Read(ref _unfinished));
        }
    }

    private async Task DispatchQueuedAsync()
    {
        await foreach (var (ids, dueAtUtc) in _queue.Reader.ReadAllAsync())
        {
            try
            {
                jobs.SendAt(ids, dueAtUtc);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The change is committed and answered: the minute sweep sends these instead.
                LogDispatchFailed(string.Join(", ", ids), exception.Message);
            }
            finally
            {
                Interlocked.Decrement(ref _unfinished);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifications {NotificationIds} could not be handed to the jobs ({Error}); the sweep sends them")]
    private partial void LogDispatchFailed(string notificationIds, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifications {NotificationIds} not queued for the jobs (queue full or stopping); the sweep sends them")]
    private partial void LogNotQueued(string notificationIds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} notification groups not handed to the jobs before the stop; the sweep sends them")]
    private partial void LogNotDrained(int count);
}
