using InsightGig.Application.Meetings.ScheduleMeeting;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Tests.Scheduling;

/// <summary>Google Meet creates its conference asynchronously: scheduling waits for it instead of leaving a meeting without a link.</summary>
public sealed class MeetConferencePendingTests(SlowMeetAppFixture fixture) : IClassFixture<SlowMeetAppFixture>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await fixture.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_meet_conference_still_pending_when_the_event_is_created_ends_scheduled_with_its_link()
    {
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Google);
        var day = MeetingDates.NextMidJanuary();
        var command = new ScheduleMeetingCommand(Guid.NewGuid(), MeetingContextKind.Project, DemoData.NorthwindProjectId, "google-meet",
            "Supply chain check-in", null, day.At(9), day.At(9, 30), [DemoData.Erin.Id]);

        var result = await fixture.App.SendAsync(command, TestCurrentUser.Clara);

        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Message : null);
        Assert.Equal(MeetingStatus.Scheduled, result.Value.Status);
        var invite = Assert.Single(fixture.State.GetCalendarEvents(DemoData.Clara.Email));
        Assert.Equal("success", invite.ConferenceStatus);
        Assert.NotNull(invite.HangoutLink);
        Assert.Equal(invite.HangoutLink, result.Value.JoinUrl);
        var stored = await fixture.App.WithDbContextAsync(db => db.Meetings.AsNoTracking().SingleAsync());
        Assert.Equal(MeetingStatus.Scheduled, stored.Status);
        Assert.Equal(invite.HangoutLink, stored.JoinUrl);
        // The insert answered "pending": the link was read back from the event afterwards.
        Assert.Contains(fixture.State.GetRequestLog(), r => r.Method == "GET" && r.Path.EndsWith("/events/" + invite.Id, StringComparison.Ordinal) && r.Status == 200);
    }
}
