using Hangfire;
using InsightGig.Application.Notifications;
using Microsoft.Extensions.Options;

namespace InsightGig.Infrastructure.Jobs;

/// <summary>Declares the recurring jobs (idempotent: every instance may call it at start; the storage keeps one of each).</summary>
public sealed class RecurringJobsSetup(IRecurringJobManager recurringJobs, IOptions<JobOptions> options, IOptions<NotificationOptions> notifications)
{
    public void Apply()
    {
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        foreach (var retired in CalendarSyncJobs.RetiredRecurringJobIds)
        {
            recurringJobs.RemoveIfExists(retired);
        }

        recurringJobs.AddOrUpdate<TokenRefreshJobs>(
            TokenRefreshJobs.RecurringJobId, job => job.EnqueueExpiringAsync(CancellationToken.None), options.Value.TokenRefreshCron, utc);
        recurringJobs.AddOrUpdate<MeetingSyncJobs>(
            MeetingSyncJobs.RecurringJobId, job => job.SweepAsync(CancellationToken.None), options.Value.MeetingSyncCron, utc);
        recurringJobs.AddOrUpdate<MeetingSyncJobs>(
            MeetingSyncJobs.UndoRecurringJobId, job => job.UndoAtProvidersAsync(CancellationToken.None), options.Value.ProviderUndoCron, utc);
        recurringJobs.AddOrUpdate<CalendarSyncJobs>(
            CalendarSyncJobs.RecurringJobId, job => job.SweepAsync(CancellationToken.None), options.Value.CalendarSyncCron, utc);
        recurringJobs.AddOrUpdate<CalendarSyncJobs>(
            CalendarSyncJobs.StartStatesRecurringJobId, job => job.StartMissingStatesAsync(CancellationToken.None), options.Value.CalendarSyncStatesCron, utc);
        // Once at start too: a database from before sync states were made with the link gets them before the first hour is out.
        recurringJobs.Trigger(CalendarSyncJobs.StartStatesRecurringJobId);
        recurringJobs.AddOrUpdate<NotificationJobs>(
            NotificationJobs.RecurringJobId, job => job.SweepAsync(CancellationToken.None), notifications.Value.SendCron, utc);
    }
}
