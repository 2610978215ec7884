using InsightGig.Application.Meetings.Converge;
using InsightGig.Application.Meetings.RescheduleMeeting;
using InsightGig.Application.Meetings.ScheduleMeeting;
using InsightGig.Application.Tests.Meetings;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.Infrastructure.Providers.Quotas;
using InsightGig.Infrastructure.Providers.Zoom;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace InsightGig.Application.Tests.Quotas;

/// <summary>
/// Zoom allows 100 meeting creates and updates per user per UTC day: at the limit the user is told so plainly, nothing is
/// sent to Zoom, and the change converges after 00:00 UTC, not before. The app's services on a fake clock (it ticks a
/// millisecond per reading), the adapters talking to a provider sandbox.
/// </summary>
public sealed class ZoomDailyLimitTests : IAsyncLifetime
{
    private const string LimitMessage = "Zoom allows 100 meeting changes a day per account; this one goes through after 00:00 UTC.";

    private readonly SqliteTestDatabase _database = new();
    private readonly RecordingSyncScheduler _scheduler = new();
    private ProviderSandboxServer _sandbox = null!;
    private SandboxedAppServices _app = null!;

    /// <summary>20:00 UTC today (real time: the sandbox's tokens are issued on the real clock).</summary>
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(DateTime.UtcNow.Date.AddHours(20), TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    private DateTimeOffset NextMidnight => new(_clock.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);

    public async ValueTask InitializeAsync()
    {
        _sandbox = await ProviderSandboxServer.StartAsync(options =>
        {
            foreach (var account in new[] { DemoData.Clara, DemoData.Hiro })
            {
                options.KnownAccounts.Add(new SandboxAccount(account.Email, account.FullName));
            }
        });
        _app = SandboxedAppServices.Create(DatabaseProvider.Sqlite, _database.ConnectionString, _sandbox, configureServices: services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock));
            services.Replace(ServiceDescriptor.Singleton<IMeetingSyncScheduler>(_scheduler));
        });
        await _app.InitializeDatabaseAsync(seedDemoData: true);
        foreach (var provider in new[] { SandboxProvider.Zoom, SandboxProvider.Google })
        {
            await SandboxTestData.ConnectAsync(_app.Services, _sandbox.State, DemoData.Clara.Id, DemoData.Clara.Email, provider);
        }
    }

    private Task<Result<ScheduledMeeting>> ScheduleZoomAsync(string title) =>
        _app.SendAsync(new ScheduleMeetingCommand(Guid.NewGuid(), MeetingContextKind.ExpertProfile, DemoData.Hiro.Id, "zoom", title, "Agenda",
            MeetingDates.NextMidJanuary().At(15), MeetingDates.NextMidJanuary().At(15, 45), []), TestCurrentUser.Clara);

    private Task<Meeting> MeetingAsync(Guid id) => _app.WithDbContextAsync(db => db.Meetings.AsNoTracking().SingleAsync(m => m.Id == id));

    private int ZoomWrites() => _sandbox.State.GetRequestLog().Count(r => r.Method is "POST" or "PATCH" && r.Path.Contains("/zoom/v2/", StringComparison.Ordinal));

    /// <summary>Spends Clara's Zoom meeting changes for today, up to the limit, through the Zoom unit's own quota.</summary>
    private async Task UseUpTodaysZoomChangesAsync()
    {
        var gate = _app.Services.GetRequiredService<ProviderQuotaGate>();
        var used = await gate.CountAsync(ZoomQuotas.MeetingChanges, DemoData.Clara.Id, _clock.GetUtcNow(), TestContext.Current.CancellationToken);
        for (var i = used; i < ZoomQuotas.MeetingChangesPerDay; i++)
        {
            Assert.Null(await gate.AcquireAsync([ZoomQuotas.MeetingChanges], DemoData.Clara.Id, TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task At_the_limit_a_reschedule_is_saved_the_user_told_plainly_and_it_reaches_Zoom_after_00_00_UTC_not_before()
    {
        var scheduled = await ScheduleZoomAsync("Battery sourcing call");
        Assert.True(scheduled.IsSuccess, scheduled.IsFailure ? scheduled.FirstError.Message : null);
        await UseUpTodaysZoomChangesAsync();
        var writesBefore = ZoomWrites();
        var day = MeetingDates.NextMidJanuary();
        var version = (await MeetingAsync(scheduled.Value.Id)).Version;

        var rescheduled = await _app.SendAsync(new RescheduleMeetingCommand(scheduled.Value.Id, version, day.At(16), day.At(16, 45)), TestCurrentUser.Clara);

        // Saved, not lost: the meeting holds the new time and says plainly why Zoom does not yet.
        Assert.True(rescheduled.IsSuccess, rescheduled.IsFailure ? rescheduled.FirstError.Message : null);
        Assert.False(rescheduled.Value.InStep);
        Assert.Equal(LimitMessage, rescheduled.Value.Problem);
        var meeting = await MeetingAsync(scheduled.Value.Id);
        Assert.Equal(day.UtcAt(16), meeting.StartUtc);
        Assert.Equal(LimitMessage, meeting.SyncProblem);
        Assert.Equal(ZoomWrites(), writesBefore); // nothing was sent to Zoom to be refused
        // The background retry is asked for at the reset, and the sweep leaves the meeting alone until then.
        var (retriedMeeting, delay) = Assert.Single(_scheduler.Requests);
        Assert.Equal(meeting.Id, retriedMeeting);
        Assert.InRange(_clock.GetUtcNow() + delay, NextMidnight, NextMidnight.AddSeconds(5));
        _clock.SetUtcNow(NextMidnight.AddMinutes(-1));
        Assert.Empty(await _app.SendAsync(new ListMeetingsOutOfStepQuery(), TestCurrentUser.Anonymous));
        var tooEarly = await _app.SendAsync(new ConvergeMeetingCommand(meeting.Id), TestCurrentUser.Anonymous);
        Assert.Equal(ConvergeState.RetryLater, tooEarly.State);
        Assert.Equal(ZoomWrites(), writesBefore);

        // After 00:00 UTC the sweep picks it up and Zoom takes the change.
        _clock.SetUtcNow(NextMidnight.AddMinutes(1));
        Assert.Equal([meeting.Id], await _app.SendAsync(new ListMeetingsOutOfStepQuery(), TestCurrentUser.Anonymous));
        var converged = await _app.SendAsync(new ConvergeMeetingCommand(meeting.Id), TestCurrentUser.Anonymous);

        Assert.Equal(ConvergeState.InStep, converged.State);
        var after = await MeetingAsync(meeting.Id);
        Assert.Null(after.SyncProblem);
        Assert.Equal(writesBefore + 1, ZoomWrites());
        var zoomMeeting = Assert.Single(_sandbox.State.GetZoomMeetings(), z => z.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == after.ProviderMeetingId);
        Assert.Equal(day.UtcAt(16), zoomMeeting.StartTime);
    }

    [Fact]
    public async Task At_the_limit_a_new_Zoom_meeting_is_refused_with_the_reason_next_to_the_platform_and_nothing_is_left_anywhere()
    {
        await UseUpTodaysZoomChangesAsync();

        var refused = await ScheduleZoomAsync("One too many");

        Assert.True(refused.IsFailure);
        Assert.Equal("Platform", refused.FirstError.Field);
        Assert.Equal($"{LimitMessage} Nothing was created: choose another platform, or schedule it then.", refused.FirstError.Message);
        Assert.Empty(_sandbox.State.GetZoomMeetings(includeDeleted: true));
        Assert.Equal(0, ZoomWrites());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _sandbox.DisposeAsync();
        _database.Dispose();
    }
}
