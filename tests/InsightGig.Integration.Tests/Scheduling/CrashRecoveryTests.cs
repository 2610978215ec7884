using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Hangfire;
using InsightGig.Application.Meetings.ScheduleMeeting;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Jobs;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Jobs;
using InsightGig.TestSupport.Processes;
using InsightGig.TestSupport.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InsightGig.Integration.Tests.Scheduling;

/// <summary>
/// Crash points: the real app, a child process on PostgreSQL talking to a sandbox on loopback, is killed (SIGKILL) while
/// every provider step of schedule, reschedule and cancel holds a request (one meeting per step, its provider call hanging
/// in the sandbox). After a restart and one run of the meeting sweep, every meeting is complete (one video meeting, one
/// calendar event, both at its times) or failed/cancelled with nothing left at the providers, and its page says which.
/// Black-box: HTTP, the sandbox's state and the database.
/// </summary>
public sealed partial class CrashRecoveryTests(PostgreSqlSandboxFixture fixture) : IClassFixture<PostgreSqlSandboxFixture>
{
    private static readonly DemoAccount Clara = DemoData.Clara;

    /// <summary>The sweep's lease in this test: set-ups older than this are presumed dead (the default is minutes).</summary>
    private static readonly TimeSpan SetUpLease = TimeSpan.FromSeconds(1);

    private static readonly DateOnly Day = MeetingDates.NextMidJanuary();

    private ProviderSandboxState Sandbox => fixture.State;

    /// <summary>
    /// One provider step of an operation to die at: the provider whose next API call hangs (before it acts, or after it acted
    /// with its answer lost), the request to send, what the database and the sandbox show after the kill, and what they show
    /// after the sweep.
    /// </summary>
    private sealed record CrashPoint(
        string Operation,
        string Step,
        SandboxProvider HangAt,
        Func<AppProcess, CancellationToken, Task<Func<Task<HttpResponseMessage>>>> Prepare,
        Func<Guid> MeetingId,
        Action<Meeting> DiedAt,
        Action<Meeting> Recovered,
        bool AfterTheProviderActed = false)
    {
        public string Name => $"{Operation}, {Step}";
    }

    [Fact(Timeout = 180_000)]
    public async Task A_process_killed_at_any_provider_step_leaves_every_meeting_complete_or_undone_after_one_sweep()
    {
        var ct = TestContext.Current.CancellationToken;
        await fixture.ResetAsync();
        await fixture.ConnectAsync(Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        var log = Path.Combine(Path.GetTempPath(), $"insightgig-crash-{Guid.NewGuid():N}.log");

        // Meetings to change, scheduled beforehand through the app's own use case.
        var toReschedule = new[] { await ScheduleInProcessAsync("Reschedule, killed at the video step"), await ScheduleInProcessAsync("Reschedule, killed at the calendar step") };
        var toCancel = new[] { await ScheduleInProcessAsync("Cancel, killed at the video step"), await ScheduleInProcessAsync("Cancel, killed at the calendar step") };
        var zoomAtVideo = Guid.NewGuid();
        var zoomAfterCreate = Guid.NewGuid();
        var zoomAtCalendar = Guid.NewGuid();
        var meetAtCalendar = Guid.NewGuid();
        var (newStart, newEnd) = (Day.At(15), Day.At(16));
        var newStartUtc = new DateTimeOffset(newStart, TimeSpan.Zero); // London is on UTC in January.

        CrashPoint[] points =
        [
            new("schedule", "on Zoom, at the Zoom create", SandboxProvider.Zoom,
                (app, c) => ScheduleFormAsync(app, zoomAtVideo, "zoom", c), () => zoomAtVideo,
                m => Assert.Equal((MeetingStatus.Scheduling, (string?)null), (m.Status, m.ProviderMeetingId)),
                m =>
                {
                    Assert.Equal(MeetingStatus.Failed, m.Status);
                    Assert.Null(m.ProviderMeetingId);
                    Assert.Contains("Nothing was scheduled", m.FailureReason, StringComparison.Ordinal);
                }),
            new("schedule", "on Zoom, after Zoom made the meeting and before its id was saved", SandboxProvider.Zoom,
                (app, c) => ScheduleFormAsync(app, zoomAfterCreate, "zoom", c), () => zoomAfterCreate,
                m =>
                {
                    Assert.Equal((MeetingStatus.Scheduling, (string?)null), (m.Status, m.ProviderMeetingId));
                    Assert.Single(Sandbox.GetZoomMeetings(), z => z.Topic == m.Title); // made at Zoom, unknown to us
                },
                m => AssertInStep(m, MeetingStatus.Scheduled), // the sweep found it by its tag and adopted it: no second one, no orphan
                AfterTheProviderActed: true),
            new("schedule", "on Zoom, at the calendar insert", SandboxProvider.Google,
                (app, c) => ScheduleFormAsync(app, zoomAtCalendar, "zoom", c), () => zoomAtCalendar,
                m => Assert.True(m is { Status: MeetingStatus.Scheduling, ProviderMeetingId: not null }, "the Zoom meeting was recorded before the calendar step"),
                m => AssertInStep(m, MeetingStatus.Scheduled)),
            new("schedule", "on Google Meet, at the calendar insert", SandboxProvider.Google,
                (app, c) => ScheduleFormAsync(app, meetAtCalendar, "google-meet", c), () => meetAtCalendar,
                m => Assert.Equal(MeetingStatus.Scheduling, m.Status),
                m => AssertInStep(m, MeetingStatus.Scheduled)),
            new("reschedule", "at the Zoom update", SandboxProvider.Zoom,
                (app, c) => RescheduleFormAsync(app, toReschedule[0], newStart, newEnd, c), () => toReschedule[0],
                m =>
                {
                    Assert.Equal((MeetingStatus.Scheduled, 1, 0, 0), (m.Status, m.Version, m.VideoSyncedVersion, m.CalendarSyncedVersion));
                    Assert.NotEqual(newStartUtc, ZoomMeetingOf(m)?.StartTime); // Zoom not moved yet
                },
                m =>
                {
                    AssertInStep(m, MeetingStatus.Scheduled);
                    Assert.Equal(newStartUtc, m.StartUtc);
                }),
            new("reschedule", "at the calendar update", SandboxProvider.Google,
                (app, c) => RescheduleFormAsync(app, toReschedule[1], newStart, newEnd, c), () => toReschedule[1],
                m =>
                {
                    // Zoom moved (both confirmations are saved together, after the calendar step), the calendar event not.
                    Assert.Equal((MeetingStatus.Scheduled, 1, 0, 0), (m.Status, m.Version, m.VideoSyncedVersion, m.CalendarSyncedVersion));
                    Assert.Equal(newStartUtc, ZoomMeetingOf(m)?.StartTime);
                    Assert.NotEqual(newStartUtc, EventStart(m));
                },
                m =>
                {
                    AssertInStep(m, MeetingStatus.Scheduled);
                    Assert.Equal(newStartUtc, m.StartUtc);
                }),
            new("cancel", "at the Zoom delete", SandboxProvider.Zoom,
                (app, c) => CancelFormAsync(app, toCancel[0], c), () => toCancel[0],
                m =>
                {
                    Assert.Equal((MeetingStatus.Cancelled, 1, 0, 0), (m.Status, m.Version, m.VideoSyncedVersion, m.CalendarSyncedVersion));
                    Assert.NotNull(ZoomMeetingOf(m)); // not deleted yet
                },
                m => AssertInStep(m, MeetingStatus.Cancelled)),
            new("cancel", "at the calendar delete", SandboxProvider.Google,
                (app, c) => CancelFormAsync(app, toCancel[1], c), () => toCancel[1],
                m =>
                {
                    Assert.Equal((MeetingStatus.Cancelled, 1, 0, 0), (m.Status, m.Version, m.VideoSyncedVersion, m.CalendarSyncedVersion));
                    Assert.Null(ZoomMeetingOf(m)); // deleted at Zoom, the calendar event not
                    Assert.NotNull(EventStart(m));
                },
                m => AssertInStep(m, MeetingStatus.Cancelled)),
        ];

        // One process, killed (SIGKILL) once every step holds a request of its own, for a meeting of its own: each meeting's
        // request dies exactly at its step. (One kill rather than seven keeps the test to two app starts on a busy machine.)
        await using (var app = await AppProcess.StartAsync(AppSettings(), log, ct))
        {
            await app.SignInAsync(Clara.Email, DemoData.Password, ct);
            var inFlight = new List<Task<HttpResponseMessage>>();
            foreach (var point in points)
            {
                var post = await point.Prepare(app, ct);
                var fault = Sandbox.InjectFault(new SandboxFault
                {
                    Provider = point.HangAt, Target = SandboxFaultTarget.Api, FailNext = 1, Hang = !point.AfterTheProviderActed, HangAfterHandling = point.AfterTheProviderActed,
                });
                var posting = post();
                // The sandbox has the request (the fault is used up) and holds it there; after the provider acted, when it says so.
                while ((Sandbox.GetFaults().Single(f => f.Id == fault.Id).RemainingFailures != 0
                        || (point.AfterTheProviderActed && !Sandbox.GetZoomMeetings().Any(z => z.Topic == Title(point.MeetingId()))))
                    && !posting.IsCompleted)
                {
                    await Task.Delay(20, ct);
                }

                Assert.False(posting.IsCompleted, $"{point.Name}: the request finished without reaching the step ({Describe(posting)}).");
                inFlight.Add(posting);
            }

            await app.KillAsync();
            foreach (var posting in inFlight)
            {
                await Assert.ThrowsAnyAsync<HttpRequestException>(() => posting);
            }
        }

        Sandbox.ClearFaults();
        foreach (var point in points)
        {
            point.DiedAt(await ReadAsync(point.MeetingId()));
        }

        await using var restarted = await AppProcess.StartAsync(AppSettings(), log, ct);
        await restarted.SignInAsync(Clara.Email, DemoData.Password, ct);

        // Before the sweep takes it over, the same form sent again says the meeting is still being set up, and makes nothing.
        using (var resent = await SendScheduleFormAgainAsync(restarted, zoomAtCalendar, "zoom", ct))
        {
            Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
            Assert.Contains("Still working on", await restarted.GetPageAsync($"/Projects/{DemoData.NorthwindProjectId}", ct), StringComparison.Ordinal);
            Assert.Single(Sandbox.GetZoomMeetings(), z => z.Topic == Title(zoomAtCalendar));
        }

        await RunOneSweepAsync(ct);

        foreach (var point in points)
        {
            var meeting = await ReadAsync(point.MeetingId());
            point.Recovered(meeting);
            AssertProvidersMatch(meeting);
        }

        // Nothing anywhere else: every live Zoom meeting and calendar event belongs to a scheduled meeting, once.
        // (The fixture's reset left only this test's meetings in the database and nothing in the sandbox.)
        var scheduled = await fixture.App.WithDbContextAsync(db => db.Meetings.AsNoTracking().Where(m => m.Status == MeetingStatus.Scheduled).ToListAsync(ct));
        Assert.Equal(
            scheduled.Where(m => m.ProviderMeetingId is not null).Select(m => m.ProviderMeetingId).Order(),
            Sandbox.GetZoomMeetings().Select(z => z.Id.ToString(CultureInfo.InvariantCulture)).Order());
        Assert.Equal(
            scheduled.Select(m => m.CalendarEventId).Order(),
            Sandbox.GetCalendarEvents(Clara.Email).Where(e => e.Status != "cancelled").Select(e => e.Id).Order());

        // The organizer sees which: on each meeting's page, and when sending a schedule form again.
        foreach (var point in points)
        {
            var meeting = await ReadAsync(point.MeetingId());
            var page = await restarted.GetPageAsync($"/meetings/{meeting.Id}", ct);
            var expected = meeting.Status switch
            {
                MeetingStatus.Scheduled => "Scheduled",
                MeetingStatus.Cancelled => "Cancelled",
                _ => "Not scheduled",
            };
            Assert.True(StatusOnPage(page) == expected, $"{point.Name}: the page says {StatusOnPage(page)}, not {expected}.");
            if (meeting.Status == MeetingStatus.Failed)
            {
                Assert.Contains(WebUtility.HtmlEncode(meeting.FailureReason!), page, StringComparison.Ordinal);
            }
        }

        using (var failedAgain = await SendScheduleFormAgainAsync(restarted, zoomAtVideo, "zoom", ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, failedAgain.StatusCode);
            Assert.Contains("Nothing was scheduled", await failedAgain.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }

        using (var completedAgain = await SendScheduleFormAgainAsync(restarted, zoomAtCalendar, "zoom", ct))
        {
            Assert.Equal(HttpStatusCode.Redirect, completedAgain.StatusCode);
            Assert.Contains("Meeting scheduled", await restarted.GetPageAsync($"/Projects/{DemoData.NorthwindProjectId}", ct), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Sandbox.GetZoomMeetings(), z => z.Topic == Title(zoomAtVideo));
        Assert.Single(Sandbox.GetZoomMeetings(), z => z.Topic == Title(zoomAtCalendar));
        File.Delete(log); // the apps' output is kept only when the test fails (its messages name the file)
    }

    /// <summary>The app as it runs in Development, on the fixture's database (already migrated and seeded), against the sandbox.</summary>
    private Dictionary<string, string?> AppSettings()
    {
        var settings = fixture.AppProcessSettings();
        // A hung call must still be hanging when the process is killed, however slow this machine is.
        foreach (var provider in new[] { "Zoom", "Google" })
        {
            settings[$"Providers:{provider}:Http:AttemptTimeout"] = "00:01:50";
            settings[$"Providers:{provider}:Http:TotalTimeout"] = "00:02:00";
        }

        return settings;
    }

    /// <summary>
    /// One run of the <c>converge-meetings-out-of-step</c> job, as Hangfire runs it: the sweep, then each job it enqueued, each in
    /// a DI scope of its own. Waits first until every set-up left by the killed processes is older than the lease.
    /// </summary>
    private async Task RunOneSweepAsync(CancellationToken ct)
    {
        var startedLast = await fixture.App.WithDbContextAsync(db => db.Meetings.AsNoTracking()
            .Where(m => m.Status == MeetingStatus.Scheduling).Select(m => (DateTimeOffset?)m.CreatedAtUtc).MaxAsync(ct));
        while (startedLast is { } started && DateTimeOffset.UtcNow <= started + SetUpLease)
        {
            await Task.Delay(100, ct);
        }

        // An app instance as the app registers it (its own job options, the lease given as configuration), whose job client records.
        var jobs = new RecordingBackgroundJobClient();
        await using var instance = AppInstance.Create("sweep", DatabaseProvider.PostgreSql, fixture.Database.ConnectionString, fixture.Sandbox.BaseAddress,
            new Dictionary<string, string?> { ["Jobs:SetUpLease"] = SetUpLease.ToString("c", CultureInfo.InvariantCulture) },
            services =>
            {
                services.RemoveAll<IBackgroundJobClient>();
                services.AddSingleton<IBackgroundJobClient>(jobs);
            });
        await instance.InScopeAsync(sp => sp.GetRequiredService<MeetingSyncJobs>().SweepAsync(ct));
        foreach (var converge in jobs.Enqueued.Where(j => j.MethodName == nameof(MeetingSyncJobs.ConvergeAsync)).ToList())
        {
            await instance.InScopeAsync(sp => sp.GetRequiredService<MeetingSyncJobs>().ConvergeAsync((Guid)converge.Args[0], (int)converge.Args[1], ct));
        }

        Assert.Empty(jobs.Scheduled); // nothing left to retry: one sweep settled every meeting
    }

    private static void AssertInStep(Meeting meeting, MeetingStatus status)
    {
        Assert.Equal(status, meeting.Status);
        Assert.Equal((meeting.Version, meeting.Version), (meeting.VideoSyncedVersion, meeting.CalendarSyncedVersion));
    }

    /// <summary>A scheduled meeting has exactly one video meeting (Zoom) and one event at its times; any other has none.</summary>
    private void AssertProvidersMatch(Meeting meeting)
    {
        var events = Sandbox.GetCalendarEvents(Clara.Email).Where(e => e.Id == meeting.CalendarEventId && e.Status != "cancelled").ToList();
        var zoom = Sandbox.GetZoomMeetings().Where(z => z.Id.ToString(CultureInfo.InvariantCulture) == meeting.ProviderMeetingId).ToList();
        if (meeting.Status != MeetingStatus.Scheduled)
        {
            Assert.Empty(events);
            Assert.Null(meeting.ProviderMeetingId);
            Assert.DoesNotContain(Sandbox.GetZoomMeetings(), z => z.Topic == meeting.Title);
            return;
        }

        Assert.Single(events);
        Assert.Equal(meeting.StartUtc, EventStart(meeting));
        if (meeting.PlatformKey == "zoom")
        {
            Assert.Equal(meeting.StartUtc, Assert.Single(zoom).StartTime);
            Assert.Single(Sandbox.GetZoomMeetings(), z => z.Topic == meeting.Title);
        }
    }

    private ZoomMeetingInfo? ZoomMeetingOf(Meeting meeting) =>
        Sandbox.GetZoomMeetings().SingleOrDefault(z => z.Id.ToString(CultureInfo.InvariantCulture) == meeting.ProviderMeetingId);

    /// <summary>The start of the meeting's live calendar event, or null when there is none.</summary>
    private DateTimeOffset? EventStart(Meeting meeting) =>
        Sandbox.GetCalendarEvents(Clara.Email).SingleOrDefault(e => e.Id == meeting.CalendarEventId && e.Status != "cancelled") is { } live
            ? DateTimeOffset.Parse(live.Resource["start"]!["dateTime"]!.GetValue<string>(), CultureInfo.InvariantCulture)
            : null;

    private async Task<Guid> ScheduleInProcessAsync(string title)
    {
        var id = Guid.NewGuid();
        var result = await fixture.App.SendAsync(
            new ScheduleMeetingCommand(id, MeetingContextKind.Project, DemoData.NorthwindProjectId, "zoom", title, null, Day.At(10), Day.At(11), [DemoData.Erin.Id]),
            new TestCurrentUser(Clara.Id, null, false));
        Assert.True(result.IsSuccess, result.IsSuccess ? null : result.FirstError.Message);
        return id;
    }

    private static string Title(Guid key) => "Crash " + key.ToString("N")[..8];

    private static async Task<Func<Task<HttpResponseMessage>>> ScheduleFormAsync(AppProcess app, Guid key, string platform, CancellationToken ct)
    {
        var token = await app.FormTokenAsync($"/Projects/{DemoData.NorthwindProjectId}", ct);
        return () => app.PostFormAsync($"/Projects/{DemoData.NorthwindProjectId}?handler=Schedule", token, ScheduleFields(key, platform), ct);
    }

    private static async Task<HttpResponseMessage> SendScheduleFormAgainAsync(AppProcess app, Guid key, string platform, CancellationToken ct) =>
        await (await ScheduleFormAsync(app, key, platform, ct))();

    private static KeyValuePair<string, string>[] ScheduleFields(Guid key, string platform) =>
    [
        new("Form.IdempotencyKey", key.ToString()),
        new("Form.Platform", platform),
        new("Form.Title", Title(key)),
        new("Form.Description", "Agenda: survive a crash."),
        new("Form.Start", Local(Day.At(12))),
        new("Form.End", Local(Day.At(13))),
        new("Form.Participants", DemoData.Erin.Id.ToString()),
    ];

    private async Task<Func<Task<HttpResponseMessage>>> RescheduleFormAsync(AppProcess app, Guid meetingId, DateTime start, DateTime end, CancellationToken ct)
    {
        var token = await app.FormTokenAsync($"/meetings/{meetingId}", ct);
        var version = (await ReadAsync(meetingId)).Version;
        return () => app.PostFormAsync($"/meetings/{meetingId}?handler=Reschedule", token,
            [new("Reschedule.ExpectedVersion", version.ToString(CultureInfo.InvariantCulture)), new("Reschedule.Start", Local(start)), new("Reschedule.End", Local(end))], ct);
    }

    private async Task<Func<Task<HttpResponseMessage>>> CancelFormAsync(AppProcess app, Guid meetingId, CancellationToken ct)
    {
        var token = await app.FormTokenAsync($"/meetings/{meetingId}", ct);
        var version = (await ReadAsync(meetingId)).Version;
        return () => app.PostFormAsync($"/meetings/{meetingId}?handler=Cancel", token,
            [new("Cancel.ExpectedVersion", version.ToString(CultureInfo.InvariantCulture)), new("Cancel.Confirmed", "true"), new("Cancel.Note", "Crash test")], ct);
    }

    private static string Local(DateTime time) => time.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private Task<Meeting> ReadAsync(Guid id) =>
        fixture.App.WithDbContextAsync(db => db.Meetings.AsNoTracking().SingleAsync(m => m.Id == id, TestContext.Current.CancellationToken));

    private static string Describe(Task<HttpResponseMessage> posting) =>
        posting.IsCompletedSuccessfully ? $"it answered {(int)posting.Result.StatusCode}" : posting.Exception?.GetBaseException().Message ?? "cancelled";

    private static string? StatusOnPage(string html) => MeetingStatusSpan().Match(html) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex("id=\"meeting-status\">([^<]+)<")]
    private static partial Regex MeetingStatusSpan();
}
