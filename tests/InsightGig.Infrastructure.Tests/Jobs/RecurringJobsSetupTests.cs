using Hangfire;
using Hangfire.InMemory;
using Hangfire.Storage;
using InsightGig.Application.Notifications;
using InsightGig.Infrastructure.Jobs;
using Microsoft.Extensions.Options;

namespace InsightGig.Infrastructure.Tests.Jobs;

public sealed class RecurringJobsSetupTests
{
    [Fact]
    public void Start_up_replaces_the_calendar_sweep_registered_under_its_old_provider_named_id()
    {
        using var storage = new InMemoryStorage();
        var manager = new RecurringJobManager(storage);
        // A database from before the rename holds the sweep under its old id.
        manager.AddOrUpdate<CalendarSyncJobs>("sync-google-calendar-changes", job => job.SweepAsync(CancellationToken.None), Cron.Minutely());

        new RecurringJobsSetup(manager, Options.Create(new JobOptions()), Options.Create(new NotificationOptions())).Apply();

        using var connection = storage.GetConnection();
        var ids = connection.GetRecurringJobs().Select(r => r.Id).ToList();
        Assert.DoesNotContain("sync-google-calendar-changes", ids);
        Assert.Single(ids, id => id == CalendarSyncJobs.RecurringJobId);
        Assert.Equal("sync-calendar-changes", CalendarSyncJobs.RecurringJobId);
        Assert.Equal(6, ids.Count);
    }
}
