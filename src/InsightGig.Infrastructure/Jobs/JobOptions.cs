using System.ComponentModel.DataAnnotations;
using InsightGig.Application.Meetings.SyncCalendarChanges;
using InsightGig.Domain.Integrations;

namespace InsightGig.Infrastructure.Jobs;

/// <summary>Background jobs (<c>Jobs</c> section).</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>Start Hangfire servers in this app instance (tests that need no jobs turn it off).</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>How often to look for tokens that expire soon (cron, UTC).</summary>
    [Required]
    public string TokenRefreshCron { get; set; } = "*/5 * * * *";

    /// <summary>Tokens expiring within this window are refreshed ahead of time; longer than the cron period so none lapses.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan TokenRefreshWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often to sweep for meetings whose providers are out of step (cron, UTC).</summary>
    [Required]
    public string MeetingSyncCron { get; set; } = "*/2 * * * *";

    /// <summary>How often to retry giving back, at providers, what failed set-ups could not undo at the time (cron, UTC).</summary>
    [Required]
    public string ProviderUndoCron { get; set; } = "*/2 * * * *";

    /// <summary>
    /// How long such an undo is retried (with back-off up to an hour) before the job gives up and logs an error naming what
    /// may still be at the provider: long enough for an outage or a reconnection, short enough that someone still cares.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ProviderUndoGiveUpAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// How long a meeting may stay "being set up" before the sweep presumes its request dead (a crash, a kill) and takes it
    /// over: completes it or undoes it. Longer than the longest a scheduling request can take (each provider call is bounded
    /// by <c>Providers:*:Http:TotalTimeout</c>, 30 s by default), so a live request is never taken over.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SetUpLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often the calendar sweep runs (cron, UTC). Each run reads only the calendars that are due (see the settings
    /// below), earliest due first, within <see cref="CalendarSyncBudgetPerMinute"/>; push notifications bring changes sooner.
    /// </summary>
    [Required]
    public string CalendarSyncCron { get; set; } = "* * * * *";

    /// <summary>
    /// How often to give calendar connections without a sync state one (cron, UTC; also once at start): those linked before
    /// states were made with the link. Finds nothing in steady state.
    /// </summary>
    [Required]
    public string CalendarSyncStatesCron { get; set; } = "17 * * * *";

    /// <summary>With a live push channel, a calendar is still read this often (minutes): the safety net for lost notifications.</summary>
    [Range(1, 24 * 60)]
    public int CalendarSafetySyncMinutes { get; set; } = 60;

    /// <summary>Without push, a calendar is read a minute after a change, the interval doubling while it stays idle up to this (minutes).</summary>
    [Range(1, 24 * 60)]
    public int CalendarIdlePollMaxMinutes { get; set; } = 15;

    /// <summary>
    /// At most this many calendar syncs are started by one sweep, the global budget (below the calendar provider's
    /// per-project quota, which scheduling shares). Calendars left out stay due and come first in the next sweep.
    /// </summary>
    [Range(1, 1_000_000)]
    public int CalendarSyncBudgetPerMinute { get; set; } = 5000;

    /// <summary>The calendar pacing these settings describe, as the use cases take it.</summary>
    public CalendarSyncSettings CalendarSync => new(
        new CalendarSyncCadence(
            TimeSpan.FromMinutes(CalendarSafetySyncMinutes),
            TimeSpan.FromMinutes(1),
            TimeSpan.FromMinutes(Math.Min(CalendarIdlePollMaxMinutes, CalendarSafetySyncMinutes))),
        CalendarSyncBudgetPerMinute,
        CalendarSyncSettings.Default.ClaimLease);

    /// <summary>Hangfire workers per instance; refreshes wait on HTTP, not CPU.</summary>
    [Range(1, 200)]
    public int WorkerCount { get; set; } = 20;

    /// <summary>
    /// Token refresh drain jobs at work at most, across all instances: each refreshes a page of expiring connections
    /// (8 at a time) and then claims the next. Below <see cref="WorkerCount"/>, so that a large refresh run leaves workers
    /// to meetings and calendars.
    /// </summary>
    [Range(1, 200)]
    public int TokenRefreshDrainJobs { get; set; } = 10;
}
