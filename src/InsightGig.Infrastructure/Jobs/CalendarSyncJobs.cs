using System.ComponentModel;
using Hangfire;
using InsightGig.Application.Meetings.SyncCalendarChanges;
using InsightGig.Infrastructure.Providers.Quotas;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace InsightGig.Infrastructure.Jobs;

/// <summary>
/// Reads back what changed in organizers' calendars: a recurring sweep claims the calendars whose sync is due
/// (<see cref="ClaimDueCalendarSyncsCommand"/>: earliest due first, within the budget; invite calendars and connections
/// holding a live meeting's event) and fans out one incremental sync per calendar connection (a full one when the calendar expired the sync token). A calendar that did not answer is due again after its
/// retry delay, so the sweep retries it. With <c>App:PublicBaseUrl</c> configured, each sync also keeps a push channel open
/// (<see cref="WatchCalendarCommand"/>), so the calendar announces changes at <see cref="WebhookPathFor"/> its provider and a sync runs at
/// once; the sweep then reads that calendar only as a safety net (<c>Jobs:CalendarSafetySyncMinutes</c>).
/// </summary>
public sealed partial class CalendarSyncJobs(ISender sender, IBackgroundJobClient jobs, IConfiguration configuration, ILogger<CalendarSyncJobs> logger)
{
    public const string RecurringJobId = "sync-calendar-changes";

    /// <summary>Gives calendar connections linked before their rows were made with the link a sync state (hourly, and at start).</summary>
    public const string StartStatesRecurringJobId = "start-calendar-sync-states";

    /// <summary>The sweep's earlier ids: removed at start so a database made before the rename does not run it twice.</summary>
    public static readonly IReadOnlyList<string> RetiredRecurringJobIds = ["sync-google-calendar-changes"];

    /// <summary>Under this path each calendar posts its push notifications, at <c>/webhooks/{provider key}</c> (its unit's endpoint).</summary>
    public const string WebhooksPath = "/webhooks";

    /// <summary>Where the calendar of <paramref name="provider"/> posts push notifications (its unit maps it).</summary>
    public static string WebhookPathFor(string provider) => $"{WebhooksPath}/{provider}";

    /// <summary>
    /// The root of the push addresses (<see cref="WatchCalendarCommand.WebhooksRoot"/>), or null when push is off (no public
    /// base URL: no calendar could reach the app).
    /// </summary>
    public static Uri? PushAddress(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Uri.TryCreate(configuration["App:PublicBaseUrl"], UriKind.Absolute, out var publicBase)
            ? new Uri(publicBase.GetLeftPart(UriPartial.Authority) + publicBase.AbsolutePath.TrimEnd('/') + WebhooksPath)
            : null;
    }

    [DisplayName("Claim the calendars due to be read back and sync each")]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var calendars = await sender.Send(new ClaimDueCalendarSyncsCommand(), cancellationToken);
        foreach (var calendar in calendars)
        {
            jobs.Enqueue<CalendarSyncJobs>(job => job.SyncCalendarAsync(calendar.OrganizerId, calendar.ConnectionId, CancellationToken.None));
        }

        LogSweep(calendars.Count);
        return calendars.Count;
    }

    [DisplayName("Give calendar connections without a sync state one")]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> StartMissingStatesAsync(CancellationToken cancellationToken)
    {
        var made = await sender.Send(new StartCalendarSyncStatesCommand(), cancellationToken);
        if (made > 0)
        {
            LogStatesStarted(made);
        }

        return made;
    }

    [DisplayName("Read the calendar changes of organizer {0} (calendar connection {1})")]
    [AutomaticRetry(Attempts = 0)]
    public Task<CalendarSyncReport> SyncCalendarAsync(Guid organizerId, Guid connectionId, CancellationToken cancellationToken) =>
        ReadBackAsync(organizerId, connectionId, cancellationToken);

    /// <summary>The sweep parked a calendar with a push channel open (queued by <see cref="HangfireCalendarSyncScheduler"/>).</summary>
    [DisplayName("Stop the push channel of parked calendar connection {0}")]
    [AutomaticRetry(Attempts = 0)]
    public async Task<ParkedChannelStop> StopParkedChannelAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        // A failed stop is not retried: the channel is already forgotten here and expires on its own.
        using var priority = ProviderCallPriority.Background();
        return await sender.Send(new StopParkedCalendarChannelCommand(connectionId), cancellationToken);
    }

    /// <summary>A push notification said the calendar changed (queued by <see cref="HangfireCalendarSyncScheduler"/>).</summary>
    [DisplayName("Read the calendar changes of organizer {0} (calendar connection {1}, push notification)")]
    [AutomaticRetry(Attempts = 0)]
    public Task<CalendarSyncReport> SyncCalendarNowAsync(Guid organizerId, Guid connectionId, CancellationToken cancellationToken) =>
        ReadBackAsync(organizerId, connectionId, cancellationToken);

    /// <summary>A job queued before syncs named their calendar connection: reads the organizer's invite calendar.</summary>
    [DisplayName("Read the calendar changes of organizer {0}")]
    [AutomaticRetry(Attempts = 0)]
    public Task<CalendarSyncReport> SyncAsync(Guid organizerId, CancellationToken cancellationToken) => ReadBackAsync(organizerId, null, cancellationToken);

    /// <summary>A push-notification job queued before syncs named their calendar connection: reads the invite calendar.</summary>
    [DisplayName("Read the calendar changes of organizer {0} (push notification)")]
    [AutomaticRetry(Attempts = 0)]
    public Task<CalendarSyncReport> SyncNowAsync(Guid organizerId, CancellationToken cancellationToken) => ReadBackAsync(organizerId, null, cancellationToken);

    private async Task<CalendarSyncReport> ReadBackAsync(Guid organizerId, Guid? connectionId, CancellationToken cancellationToken)
    {
        using var priority = ProviderCallPriority.Background();
        var report = await sender.Send(new SyncCalendarChangesCommand(organizerId, connectionId), cancellationToken);
        if (report.Status == CalendarSyncStatus.RetryLater)
        {
            // The calendar is due again after its retry delay: the sweep retries it, within the budget.
            LogRetry(organizerId, report.Problem);
        }

        if (report.Status == CalendarSyncStatus.Synced && PushAddress(configuration) is { } address)
        {
            await sender.Send(new WatchCalendarCommand(organizerId, address, connectionId), cancellationToken);
        }

        return report;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Calendar sync sweep: {Count} calendar(s) due and claimed")]
    private partial void LogSweep(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Calendar sync states made for {Count} calendar connection(s) that had none")]
    private partial void LogStatesStarted(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Calendar sync of organizer {OrganizerId} not done; the sweep retries it when due again ({Problem})")]
    private partial void LogRetry(Guid organizerId, string? problem);
}

/// <summary>Queues a calendar sync with Hangfire (after a push notification, or a follow-up of one), or a parked calendar's channel stop.</summary>
internal sealed class HangfireCalendarSyncScheduler(IBackgroundJobClient jobs) : ICalendarSyncScheduler
{
    public void Enqueue(Guid organizerId, Guid connectionId) =>
        jobs.Enqueue<CalendarSyncJobs>(job => job.SyncCalendarNowAsync(organizerId, connectionId, CancellationToken.None));

    public void EnqueueChannelStop(Guid connectionId) =>
        jobs.Enqueue<CalendarSyncJobs>(job => job.StopParkedChannelAsync(connectionId, CancellationToken.None));
}
