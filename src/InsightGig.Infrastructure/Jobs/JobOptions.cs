using System.ComponentModel.DataAnnotations;

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

    /// <summary>
    /// How long a meeting may stay "being set up" before the sweep presumes its request dead (a crash, a kill) and takes it
    /// over: completes it or undoes it. Longer than the longest a scheduling request can take (each provider call is bounded
    /// by <c>Providers:*:Http:TotalTimeout</c>, 30 s by default), so a live request is never taken over.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SetUpLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often to read back organizers' Google Calendar changes (cron, UTC). One cheap incremental listing per organizer;
    /// push notifications (when a public base URL is configured) make changes arrive sooner.
    /// </summary>
    [Required]
    public string CalendarSyncCron { get; set; } = "* * * * *";

    /// <summary>Hangfire workers per instance; refreshes wait on HTTP, not CPU.</summary>
    [Range(1, 200)]
    public int WorkerCount { get; set; } = 20;
}
