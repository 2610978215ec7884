using System.Net;
using InsightGig.Application.Meetings.ScheduleMeeting;
using InsightGig.Application.Meetings.SyncCalendarChanges;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Jobs;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Application.Tests.CalendarSync;

/// <summary>
/// A meeting whose event lives in a calendar connection that is not the organizer's invite calendar (a calendar-hosted
/// platform on another account) is read back from that calendar too: the real sweep and syncs on a fake clock, the Google
/// and Microsoft adapters reading the sandbox over HTTP, the organizer's move played through the sandbox's control API.
/// </summary>
public sealed class HostingCalendarReadBackTests(ClockedCalendarSyncFixture fixture) : IClassFixture<ClockedCalendarSyncFixture>, IAsyncLifetime
{
    private static readonly DateOnly Day = MeetingDates.NextMidJanuary();

    private ProviderSandboxState Sandbox => fixture.State;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        // Google first: it is Clara's invite calendar (the first linked); Microsoft only hosts her Teams meetings.
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Google);
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Microsoft);
        // The connections were made at real time; the sweep's clock starts after them.
        fixture.Clock!.SetUtcNow(DateTimeOffset.UtcNow.AddSeconds(1));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_teams_meeting_moved_in_Outlook_flows_back_through_the_sweep_while_the_Google_invite_calendar_is_still_read_and_none_twice_per_sweep()
    {
        var scheduled = await fixture.App.SendAsync(
            new ScheduleMeetingCommand(Guid.NewGuid(), MeetingContextKind.ExpertProfile, DemoData.Hiro.Id, "teams", "Battery sourcing call", "Agenda",
                Day.At(15), Day.At(15, 45), []),
            TestCurrentUser.Clara);
        Assert.True(scheduled.IsSuccess, scheduled.IsFailure ? scheduled.FirstError.Message : null);
        var outlook = Assert.Single(Sandbox.GetOutlookEvents(DemoData.Clara.Email));
        Assert.Equal(outlook.Id, (await fixture.MeetingAsync(scheduled.Value.Id)).CalendarEventId);

        // Minute 0: both calendars are read (a full listing each), each once.
        var first = await MinuteAsync();
        Assert.Equal((1, 1), first);

        using (var moved = await fixture.ControlAsync(
            $"_sandbox/microsoft/events/{Uri.EscapeDataString(DemoData.Clara.Email)}/{Uri.EscapeDataString(outlook.Id)}/move",
            new { start = Day.UtcAt(16), end = Day.UtcAt(16, 45) }))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        // Minute 1: both are due again (nothing had changed at minute 0); the Outlook read brings the move back.
        fixture.Clock!.Advance(TimeSpan.FromMinutes(1));
        var second = await MinuteAsync();
        Assert.Equal((1, 1), second);

        var meeting = await fixture.MeetingAsync(scheduled.Value.Id);
        Assert.Equal((Day.UtcAt(16), Day.UtcAt(16, 45)), (meeting.StartUtc, meeting.EndUtc));
        Assert.Contains(meeting.History, c => c.Summary.Contains("Outlook Calendar", StringComparison.Ordinal));

        // A third sweep in the same minute claims nothing: every calendar was read and is not due yet.
        Assert.Equal((0, 0), await MinuteAsync());
    }

    /// <summary>One sweep and the syncs it claimed, as the jobs run them; answers how often Google and Outlook were listed.</summary>
    private async Task<(int GoogleListings, int OutlookListings)> MinuteAsync()
    {
        var logged = Sandbox.GetRequestLog().Count;
        var claimed = await fixture.App.SendAsync(new ClaimDueCalendarSyncsCommand(), TestCurrentUser.Anonymous);
        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<CalendarSyncJobs>();
        foreach (var calendar in claimed)
        {
            Assert.Equal(DemoData.Clara.Id, calendar.OrganizerId);
            Assert.Equal(CalendarSyncStatus.Synced, (await jobs.SyncCalendarAsync(calendar.OrganizerId, calendar.ConnectionId, TestContext.Current.CancellationToken)).Status);
        }

        var requests = Sandbox.GetRequestLog().Skip(logged).Where(r => r.Method == "GET").ToList();
        return (requests.Count(r => r.Path.EndsWith("/events", StringComparison.Ordinal)),
            requests.Count(r => r.Path.Contains("calendarView/delta", StringComparison.Ordinal)));
    }
}
