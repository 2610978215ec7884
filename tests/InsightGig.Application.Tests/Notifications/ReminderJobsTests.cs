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
using Microsoft.Extensions.Configuration;
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
        var dispatcher = fixture.Services.GetRequiredService<BackgroundNotificationDispatcher>();
        await dispatcher.WhenIdleAsync(Ct);
        Assert.Empty(await fixture.OutboxAsync()); // days away: nothing written with the meeting, so no job either
        Assert.DoesNotContain(fixture.Jobs.Scheduled, j => j.Type == typeof(NotificationJobs));

        // Planned near their time: three people's day-before reminders in one job (three before), due at its offset.
        fixture.Clock.SetUtcNow(start.AddDays(-1).AddSeconds(-30));
        Assert.Equal(3, (await fixture.PlanRemindersAsync()).Added);
        await dispatcher.WhenIdleAsync(Ct);
        var outbox = await fixture.OutboxAsync();
        Assert.Equal(3, outbox.Count);
        var jobs = fixture.Jobs.Scheduled.Where(j => j.Type == typeof(NotificationJobs)).ToList();
        Assert.Single(jobs);
        Assert.All(jobs, j => Assert.Equal(nameof(NotificationJobs.SendAllAsync), j.MethodName));
        var byDue = jobs.ToDictionary(j => new DateTimeOffset(((Hangfire.States.ScheduledState)j.State).EnqueueAt, TimeSpan.Zero), j => ((Guid[])j.Args[0]).Order().ToList());
        Assert.Equal([start.AddDays(-1)], byDue.Keys.Order());
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
        fixture.Clock.SetUtcNow(start.AddDays(-1).AddSeconds(1));
        await fixture.PlanRemindersAsync();
        var dayBefore = (await fixture.OutboxAsync()).Where(n => n.DueAtUtc == start.AddDays(-1)).OrderBy(n => n.Id).ToList();
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
        Assert.Empty(await fixture.OutboxAsync()); // planned near their time

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


/// <summary>The outbox as an instance with a job server has it: its send loop is the dispatcher (and a second instance's loop).</summary>
public sealed class SendLoopFixture : ReminderJobsFixture
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        // Longer than any wait in the tests: what goes at once was woken, not found by the next pass.
        settings["Notifications:SendPollInterval"] = "00:01:00";
        settings["Notifications:ReminderPlanningHorizon"] = "00:02:00";
    }

    protected override void Configure(IServiceCollection services)
    {
        base.Configure(services);
        services.AddSingleton<INotificationDispatcher>(sp => sp.GetRequiredService<DueNotificationLoop>());
    }

    /// <summary>Another instance's loop on the same database.</summary>
    internal DueNotificationLoop OtherInstance() => ActivatorUtilities.CreateInstance<DueNotificationLoop>(Services);
}

/// <summary>
/// Where the job server runs, "Create meeting" makes no job for its reminders (a Hangfire job was about ten transactions on
/// PostgreSQL, two per meeting): the send loop finds each when it is due and sends it once, however many instances look.
/// </summary>
public sealed class SendLoopTests(SendLoopFixture fixture) : IClassFixture<SendLoopFixture>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await fixture.StartAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_meeting_makes_no_job_and_the_loops_of_two_instances_send_each_reminder_once_at_its_time()
    {
        var (_, start) = await fixture.ScheduleCallAsync();
        var loop = fixture.Services.GetRequiredService<DueNotificationLoop>();
        var other = fixture.OtherInstance();

        Assert.DoesNotContain(fixture.Jobs.Jobs, j => j.Type == typeof(NotificationJobs));
        Assert.Equal((0, 0), await loop.SendDueAsync(Ct)); // not before their time, nor planned yet
        Assert.Empty(await fixture.OutboxAsync());

        // The day before, both instances' loops plan and look at once: each of the three is written once and goes once.
        fixture.Clock.SetUtcNow(start.AddDays(-1).AddSeconds(5));
        var passes = await Task.WhenAll(loop.SendDueAsync(Ct), other.SendDueAsync(Ct));
        var after = await loop.SendDueAsync(Ct); // what a lock of the test's SQLite file held back, if anything
        Assert.Equal(
            [DemoData.Carlos.Email, DemoData.Clara.Email, DemoData.Erin.Email],
            fixture.Smtp.Messages.Select(m => Assert.Single(m.To.Mailboxes).Address).Order(StringComparer.Ordinal));
        Assert.Equal(3, passes.Sum(p => p.Sent) + after.Sent);

        fixture.Clock.SetUtcNow(start.AddMinutes(-15).AddSeconds(5));
        Assert.Equal((3, 3), await other.SendDueAsync(Ct));
        Assert.Equal((0, 0), await loop.SendDueAsync(Ct));

        Assert.Equal(6, fixture.Smtp.Messages.Count);
        Assert.All(await fixture.OutboxAsync(), n => Assert.Equal(NotificationStatus.Sent, n.Status));
        Assert.DoesNotContain(fixture.Jobs.Jobs, j => j.Type == typeof(NotificationJobs));
    }

    [Fact]
    public async Task A_notification_due_now_wakes_the_running_loop_and_one_due_later_does_not()
    {
        var (_, start) = await fixture.ScheduleCallAsync();
        fixture.Clock.SetUtcNow(start.AddDays(-1).AddSeconds(-30));
        await fixture.PlanRemindersAsync();
        var ids = (await fixture.OutboxAsync()).Where(n => n.DueAtUtc == start.AddDays(-1)).Select(n => n.Id).ToList();
        Assert.Equal(3, ids.Count);
        var loop = fixture.OtherInstance();
        await loop.StartAsync(Ct);
        try
        {
            // The first pass runs at start and finds nothing due (a few milliseconds on SQLite); the next is a minute away.
            await Task.Delay(TimeSpan.FromSeconds(2), Ct);
            fixture.Clock.SetUtcNow(start.AddDays(-1));
            loop.SendAt(ids, start.AddDays(1));
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            Assert.Empty(fixture.Smtp.Messages);

            loop.SendAt(ids, start.AddDays(-1));
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (fixture.Smtp.Messages.Count < 3 && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50, Ct);
            }

            Assert.Equal(3, fixture.Smtp.Messages.Count);
        }
        finally
        {
            await loop.StopAsync(CancellationToken.None);
            loop.Dispose();
        }
    }

    [Fact]
    public async Task A_send_that_throws_is_left_for_a_later_pass_and_does_not_keep_the_others_from_going()
    {
        var (_, start) = await fixture.ScheduleCallAsync();
        fixture.Clock.SetUtcNow(start.AddDays(-1).AddSeconds(5));
        await fixture.PlanRemindersAsync();
        var dayBefore = (await fixture.OutboxAsync()).Where(n => n.DueAtUtc == start.AddDays(-1)).OrderBy(n => n.Id).ToList();
        var poisoned = dayBefore[0];

        var failing = new FailingScopes(fixture.Services.GetRequiredService<IServiceScopeFactory>(), poisoned.Id);
        var loop = ActivatorUtilities.CreateInstance<DueNotificationLoop>(fixture.Services, (IServiceScopeFactory)failing);

        Assert.Equal((3, 2), await loop.SendDueAsync(Ct));
        Assert.Equal(2, fixture.Smtp.Messages.Count);
        // Still pending and due: the next pass (here, one whose send works) sends it.
        Assert.Equal((1, 1), await fixture.Services.GetRequiredService<DueNotificationLoop>().SendDueAsync(Ct));
        Assert.Equal(3, fixture.Smtp.Messages.Count);
    }

    [Fact]
    public async Task The_minute_sweep_leaves_to_the_loops_what_fell_due_within_the_minute_and_takes_what_is_overdue()
    {
        var (_, start) = await fixture.ScheduleCallAsync();
        await using var scope = fixture.Services.CreateAsyncScope();
        var sweep = new NotificationJobs(scope.ServiceProvider.GetRequiredService<ISender>(), fixture.Jobs);

        // Due 5 s ago, as the sweep at a whole minute finds the reminders of meetings on the hour: the loops send them.
        fixture.Clock.SetUtcNow(start.AddDays(-1).AddSeconds(5));
        await fixture.PlanRemindersAsync(); // what a loop's planning step did
        Assert.Equal(0, await sweep.SweepAsync(Ct));
        Assert.Empty(fixture.Jobs.Jobs);

        // Overdue by more than a minute (no loop took them): the backstop makes their jobs.
        fixture.Clock.SetUtcNow(start.AddDays(-1) + NotificationJobs.SweepOverdueBy + TimeSpan.FromSeconds(1));
        Assert.Equal(3, await sweep.SweepAsync(Ct));
        Assert.Equal(3, fixture.Jobs.Enqueued.Count(j => j.MethodName == nameof(NotificationJobs.SendAsync)));
    }

    /// <summary>Scopes of the app whose <see cref="ISender"/> throws for one notification.</summary>
    private sealed class FailingScopes(IServiceScopeFactory inner, Guid failing) : IServiceScopeFactory
    {
        public IServiceScope CreateScope() => new Scope(inner.CreateScope(), failing);

        private sealed class Scope(IServiceScope inner, Guid failing) : IServiceScope, IServiceProvider, IAsyncDisposable
        {
            public IServiceProvider ServiceProvider => this;

            public object? GetService(Type serviceType) => serviceType == typeof(ISender)
                ? ReminderJobsTests.FailingSender.For(inner.ServiceProvider.GetRequiredService<ISender>(), failing)
                : inner.ServiceProvider.GetService(serviceType);

            public void Dispose() => inner.Dispose();

            public ValueTask DisposeAsync() => inner is IAsyncDisposable async ? async.DisposeAsync() : ValueTask.CompletedTask;
        }
    }
}

/// <summary>Which dispatcher an instance gets: the send loop where its job server runs, the jobs (made off the request) where none does.</summary>
public sealed class NotificationDispatcherRegistrationTests
{
    [Theory]
    [InlineData(null, typeof(DueNotificationLoop))]
    [InlineData("true", typeof(DueNotificationLoop))]
    [InlineData("false", typeof(BackgroundNotificationDispatcher))]
    public async Task The_send_loop_runs_and_dispatches_where_the_job_server_runs(string? runServer, Type dispatcher)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IBackgroundJobClient>(new RecordingBackgroundJobClient());
        services.AddNotifications(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Jobs:RunServer"] = runServer }).Build());
        await using var provider = services.BuildServiceProvider();

        Assert.IsType(dispatcher, provider.GetRequiredService<INotificationDispatcher>());
        var loops = provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<DueNotificationLoop>().ToList();
        Assert.Equal(dispatcher == typeof(DueNotificationLoop) ? 1 : 0, loops.Count);
    }
}
