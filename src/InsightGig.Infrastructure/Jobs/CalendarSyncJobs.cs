using System.ComponentModel;
using Hangfire;
using InsightGig.Application.Meetings.SyncCalendarChanges;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace InsightGig.Infrastructure.Jobs;

/// <summary>
/// Reads back what changed in organizers' Google Calendars: a recurring sweep finds every organizer with an active Google
/// connection and a meeting still ahead, and fans out one incremental sync per organizer (a full one when the calendar
/// expired the sync token). A calendar that does not answer is retried with backoff; the next sweep always comes.
/// With <c>App:PublicBaseUrl</c> configured, each sync also keeps a push channel open (<see cref="WatchCalendarCommand"/>), so
/// the calendar announces changes at <see cref="WebhookPathFor"/> its provider and a sync runs at once instead of at the next sweep.
/// </summary>
public sealed partial class CalendarSyncJobs(ISender sender, IBackgroundJobClient jobs, IConfiguration configuration, ILogger<CalendarSyncJobs> logger)
{
    public const string RecurringJobId = "sync-google-calendar-changes";
    public const int MaxAttempts = 5;

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

    [DisplayName("Find organizers' calendars to read back and sync each")]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var organizers = await sender.Send(new ListCalendarsToSyncQuery(), cancellationToken);
        foreach (var organizerId in organizers)
        {
            jobs.Enqueue<CalendarSyncJobs>(job => job.SyncAsync(organizerId, 1, CancellationToken.None));
        }

        LogSweep(organizers.Count);
        return organizers.Count;
    }

    [DisplayName("Read Google Calendar changes of organizer {0} (attempt {1})")]
    [AutomaticRetry(Attempts = 0)]
    public async Task<CalendarSyncReport> SyncAsync(Guid organizerId, int attempt, CancellationToken cancellationToken)
    {
        var report = await sender.Send(new SyncCalendarChangesCommand(organizerId), cancellationToken);
        if (report.Status == CalendarSyncStatus.RetryLater && attempt < MaxAttempts)
        {
            var delay = TokenRefreshJobs.RetryDelay(report.RetryAfter, attempt);
            jobs.Schedule<CalendarSyncJobs>(job => job.SyncAsync(organizerId, attempt + 1, CancellationToken.None), delay);
            LogRetry(organizerId, attempt, delay.TotalSeconds, report.Problem);
        }

        if (report.Status == CalendarSyncStatus.Synced && PushAddress(configuration) is { } address)
        {
            await sender.Send(new WatchCalendarCommand(organizerId, address), cancellationToken);
        }

        return report;
    }

    /// <summary>A push notification said the calendar changed (queued by <see cref="HangfireCalendarSyncScheduler"/>).</summary>
    [DisplayName("Read Google Calendar changes of organizer {0} (push notification)")]
    [AutomaticRetry(Attempts = 0)]
    public Task<CalendarSyncReport> SyncNowAsync(Guid organizerId, CancellationToken cancellationToken) => SyncAsync(organizerId, 1, cancellationToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Calendar sync sweep: {Count} organizer(s) to read back")]
    private partial void LogSweep(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Calendar sync of organizer {OrganizerId} not done on attempt {Attempt}; retrying in {DelaySeconds:0} s ({Problem})")]
    private partial void LogRetry(Guid organizerId, int attempt, double delaySeconds, string? problem);
}

/// <summary>Queues a calendar sync with Hangfire (after a push notification).</summary>
internal sealed class HangfireCalendarSyncScheduler(IBackgroundJobClient jobs) : ICalendarSyncScheduler
{
    public void Enqueue(Guid organizerId) =>
        jobs.Enqueue<CalendarSyncJobs>(job => job.SyncNowAsync(organizerId, CancellationToken.None));
}
