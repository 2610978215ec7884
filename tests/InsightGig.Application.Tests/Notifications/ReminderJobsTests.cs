using System.Reflection;
using System.Runtime.ExceptionServices;
using Hangfire;
using InsightGig.Application.Notifications.SendNotification;
using InsightGig.Application.Meetings.ScheduleMeeting;
using InsightGig.Domain.Meetings;
using InsightGig.Domain.Notifications;
using InsightGig.Infrastructure.Jobs;
using InsightGig.Infrastructure.Notifications;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Jobs;
using InsightGig.TestSupport.Sandbox;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Application.Tests.Notifications;

/// <summary>The outbox with the background jobs it hands its reminders to recorded instead of stored.</summary>
public class ReminderJobsFixture : NotificationsAppFixture
{
    public RecordingBackgroundJobClient Jobs { get; } = new();

    protected override void Configure(IServiceCollection services)
    {
        base.Configure(services);
        services.AddSingleton<IBackgroundJobClient>(Jobs);
    }

    /// <summary>Nothing sent or recorded yet, and Clara with Zoom and Google linked.</summary>
    public async Task StartAsync()
    {
        await ResetAsync();
        Smtp.Clear();
        Jobs.Clear();
        await ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
    }

    /// <summary>Clara's Zoom call with Carlos and Erin, three days ahead at 15:00 UTC (its start).</summary>
    public async Task<(ScheduledMeeting Meeting, DateTimeOffset Start)> ScheduleCallAsync()
    {
        var day = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime).AddDays(3);
        var meeting = await ScheduleAsync(new ScheduleMeetingCommand(Guid.NewGuid(), MeetingContextKind.Project, DemoData.NorthwindProjectId, "zoom",
            "Battery sourcing call", null, day.At(15), day.At(15, 45), [DemoData.Carlos.Id, DemoData.Erin.Id]), TestCurrentUser.Clara);
        return (meeting, day.UtcAt(15));
    }
}

/// <summary>
/// What "Create meeting" hands to the background jobs for its reminders: one job per due time for everyone (a Hangfire job is
/// a transaction of its own on the request's path), and that job sends each reminder as the one-per-notification job did.
/// </summary>
public sealed class ReminderJobsTests(ReminderJobsFixture fixture) : IClassFixture<ReminderJobsFixture>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.StartAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_meetings_reminders_go_to_the_jobs_as_one_job_per_due_time_which_sends_each_person_theirs()
    {
        var (meeting, start) = await fixture.ScheduleCallAsync();
        // The jobs are made off the request's path, after the answer.
        await fixture.Services.GetRequiredService<BackgroundNotificationDispatcher>().WhenIdleAsync(Ct);

        // Three people, two offsets: six reminders in two jobs (six jobs before), each due at its offset.
        var outbox = await fixture.OutboxAsync();
        Assert.Equal(6, outbox.Count);
        var jobs = fixture.Jobs.Scheduled.Where(j => j.Type == typeof(NotificationJobs)).ToList();
        Assert.Equal(2, jobs.Count);
        Assert.All(jobs, j => Assert.Equal(nameof(NotificationJobs.SendAllAsync), j.MethodName));
        var byDue = jobs.ToDictionary(j => new DateTimeOffset(((Hangfire.States.ScheduledState)j.State).EnqueueAt, TimeSpan.Zero), j => ((Guid[])j.Args[0]).Order().ToList());
        Assert.Equal([start.AddDays(-1), start.AddMinutes(-15)], byDue.Keys.Order());
        foreach (var (due, ids) in byDue)
        {
            Assert.Equal(outbox.Where(n => n.DueAtUtc == due).Select(n => n.Id).Order(), ids);
        }

        // The day-before job, when it comes due: each of the three gets their reminder, once.
        fixture.Clock.SetUtcNow(start.AddDays(-1).AddSeconds(1));
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var job = ActivatorUtilities.CreateInstance<NotificationJobs>(scope.ServiceProvider);
            await job.SendAllAsync([.. byDue[start.AddDays(-1)]], Ct);
        }

        Assert.Equal(
            [DemoData.Carlos.Email, DemoData.Clara.Email, DemoData.Erin.Email],
            fixture.Smtp.Messages.Select(m => Assert.Single(m.To.Mailboxes).Address).Order(StringComparer.Ordinal));
        var sent = (await fixture.OutboxAsync()).Where(n => n.Status == NotificationStatus.Sent).ToList();
        Assert.Equal(byDue[start.AddDays(-1)], sent.Select(n => n.Id).Order());
        Assert.All(sent, n => Assert.Equal(meeting.Id, n.AboutId));
        Assert.Equal(0, await fixture.SendDueAsync()); // nothing left for the sweep
    }

    [Fact]
    public async Task A_notification_whose_send_throws_does_not_keep_the_others_of_its_job_from_going_and_the_job_fails_naming_it()
    {
        var (_, start) = await fixture.ScheduleCallAsync();
        var dayBefore = (await fixture.OutboxAsync()).Where(n => n.DueAtUtc == start.AddDays(-1)).OrderBy(n => n.Id).ToList();
        fixture.Clock.SetUtcNow(start.AddDays(-1).AddSeconds(1));
        var poisoned = dayBefore[0];

        // The first one's send throws (a database or mail-library failure); the job goes on with the other two.
        await using var scope = fixture.Services.CreateAsyncScope();
        var sender = FailingSender.For(scope.ServiceProvider.GetRequiredService<ISender>(), poisoned.Id);
        var job = new NotificationJobs(sender, fixture.Jobs);
        var failure = await Assert.ThrowsAsync<AggregateException>(() => job.SendAllAsync([.. dayBefore.Select(n => n.Id)], Ct));

        Assert.Contains(poisoned.Id.ToString(), Assert.Single(failure.InnerExceptions).Message, StringComparison.Ordinal);
        var sentTo = fixture.Smtp.Messages.Select(m => Assert.Single(m.To.Mailboxes).Address).ToList();
        Assert.Equal(2, sentTo.Count);
        Assert.DoesNotContain(new[] { DemoData.Clara, DemoData.Carlos, DemoData.Erin }.Single(p => p.Id == poisoned.RecipientPersonId).Email, sentTo);
        // Still pending and due: the minute sweep sends it.
        Assert.Equal(1, await fixture.SendDueAsync());

        // A cancelled job stops at once: cancellation is not taken for one notification's failure.
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.SendAllAsync([.. dayBefore.Select(n => n.Id)], cancelled.Token));
    }

    /// <summary>The app's <see cref="ISender"/>, except that sending one notification throws.</summary>
    public class FailingSender : DispatchProxy
    {
        private ISender _inner = null!;
        private Guid _failing;

        public static ISender For(ISender inner, Guid failing)
        {
            var proxy = Create<ISender, FailingSender>();
            var self = (FailingSender)(object)proxy;
            (self._inner, self._failing) = (inner, failing);
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (args is [SendNotificationCommand command, ..] && command.NotificationId == _failing)
            {
                throw new InvalidOperationException("The outbox could not be read.");
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        }
    }
}

/// <summary>The outbox with the hand-off to the background jobs lost every time, as when the process dies right after the commit.</summary>
public sealed class LostDispatchFixture : ReminderJobsFixture
{
    protected override void Configure(IServiceCollection services)
    {
        base.Configure(services);
        services.AddSingleton<INotificationDispatcher, LostDispatcher>();
    }

    /// <summary>Takes the notifications and never makes their jobs.</summary>
    private sealed class LostDispatcher : INotificationDispatcher
    {
        public void SendAt(IReadOnlyList<Guid> notificationIds, DateTimeOffset dueAtUtc)
        {
        }
    }
}

/// <summary>
/// "Create meeting" answers before its reminders' jobs are made (<see cref="BackgroundNotificationDispatcher"/>): when they
/// never are, the minute sweep still sends every reminder at its time, once.
/// </summary>
public sealed class LostDispatchTests(LostDispatchFixture fixture) : IClassFixture<LostDispatchFixture>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await fixture.StartAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Reminders_whose_jobs_were_never_made_are_sent_by_the_sweep_at_their_time_each_once()
    {
        var (_, start) = await fixture.ScheduleCallAsync();
        Assert.DoesNotContain(fixture.Jobs.Scheduled, j => j.Type == typeof(NotificationJobs));
        Assert.Equal(6, (await fixture.OutboxAsync()).Count(n => n.Status == NotificationStatus.Pending));

        // Not before their time.
        Assert.Equal(0, await fixture.SendDueAsync());

        // The day before: the three day-before reminders go, once; the 15-minute ones wait for theirs.
        fixture.Clock.SetUtcNow(start.AddDays(-1).AddSeconds(30));
        Assert.Equal(3, await fixture.SendDueAsync());
        Assert.Equal(0, await fixture.SendDueAsync());
        fixture.Clock.SetUtcNow(start.AddMinutes(-15).AddSeconds(30));
        Assert.Equal(3, await fixture.SendDueAsync());

        Assert.Equal(6, fixture.Smtp.Messages.Count);
        Assert.All(await fixture.OutboxAsync(), n => Assert.Equal(NotificationStatus.Sent, n.Status));
    }
}

