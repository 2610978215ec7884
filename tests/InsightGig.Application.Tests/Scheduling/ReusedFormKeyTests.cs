using InsightGig.Application.Meetings.ScheduleMeeting;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Tests.Scheduling;

/// <summary>
/// A form's idempotency key finds its first meeting again only with the same details: a double click or a retried POST gets
/// the first meeting; the key sent again with other details is refused with a message, and nothing new is made.
/// </summary>
public sealed class ReusedFormKeyTests(SchedulingAppFixture fixture) : IClassFixture<SchedulingAppFixture>, IAsyncLifetime
{
    private const string OtherDetails = "This form was already submitted with other details. Reload the page to schedule another meeting.";
    private static readonly DateOnly Day = MeetingDates.NextMidJanuary();

    private SandboxedAppServices App => fixture.App;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A Zoom call on the Northwind project with Erin and Hiro, 15:00–15:45 London on <see cref="Day"/>.</summary>
    private static ScheduleMeetingCommand First() =>
        new(Guid.NewGuid(), MeetingContextKind.Project, DemoData.NorthwindProjectId, "zoom", "Supply chain call", "Agenda",
            Day.At(15), Day.At(15, 45), [DemoData.Erin.Id, DemoData.Hiro.Id]);

    public static TheoryData<string> Changes => ["title", "description", "start", "end", "platform", "participants", "context", "guest list"];

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task The_key_sent_again_with_other_details_is_refused_and_the_first_meeting_stays_as_it_was(string change)
    {
        var first = First();
        var scheduled = await App.SendAsync(first, TestCurrentUser.Clara);
        Assert.True(scheduled.IsSuccess, scheduled.IsFailure ? scheduled.FirstError.Message : null);
        var before = await MeetingStateAsync();
        var changed = change switch
        {
            "title" => first with { Title = "Another call" },
            "description" => first with { Description = "Another agenda" },
            "start" => first with { Start = Day.At(14, 30) },
            "end" => first with { End = Day.At(16) },
            "platform" => first with { Platform = "google-meet" },
            "participants" => first with { Participants = [DemoData.Erin.Id] },
            "context" => first with { ContextKind = MeetingContextKind.ExpertProfile, ContextId = DemoData.Erin.Id, Participants = [] },
            // The first left it to the default (hidden: experts are invited); this one shows the guest list.
            "guest list" => first with { HideGuestList = false },
            _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
        };

        var again = await App.SendAsync(changed, TestCurrentUser.Clara);

        Assert.True(again.IsFailure, $"{change}: the changed form was answered with the first meeting");
        Assert.Equal(ErrorKind.Conflict, again.FirstError.Kind);
        Assert.Equal(OtherDetails, again.FirstError.Message);
        Assert.Equal(before, await MeetingStateAsync());
        Assert.Single(fixture.State.GetZoomMeetings(includeDeleted: true));
    }

    /// <summary>The only meeting, as what it says: title, description, times, platform, status, version and who is invited.</summary>
    private async Task<string> MeetingStateAsync()
    {
        var meeting = Assert.Single(await App.WithDbContextAsync(db => db.Meetings.AsNoTracking().Include(m => m.Participants).ToListAsync()));
        return string.Join('|', meeting.Title, meeting.Description, meeting.StartUtc, meeting.EndUtc, meeting.PlatformKey, meeting.Status, meeting.Version,
            string.Join(',', meeting.Participants.Select(p => p.PersonId).Order()));
    }

    [Fact]
    public async Task The_same_details_posted_otherwise_find_the_first_meeting()
    {
        var first = First();
        var scheduled = await App.SendAsync(first, TestCurrentUser.Clara);

        // Participants in another order and twice, spaces around the title: the same form as far as a person can tell.
        var again = await App.SendAsync(
            first with { Title = "  Supply chain call ", Description = "Agenda ", Participants = [DemoData.Hiro.Id, DemoData.Erin.Id, DemoData.Hiro.Id] },
            TestCurrentUser.Clara);

        Assert.True(scheduled.IsSuccess && again.IsSuccess, again.IsFailure ? again.FirstError.Message : null);
        Assert.Equal(scheduled.Value.Id, again.Value.Id);
        Assert.Single(await App.WithDbContextAsync(db => db.Meetings.AsNoTracking().ToListAsync()));
        Assert.Single(fixture.State.GetZoomMeetings(includeDeleted: true));
    }

    [Fact]
    public async Task A_meeting_saved_before_fingerprints_were_kept_is_still_found_by_its_key()
    {
        var first = First();
        var scheduled = await App.SendAsync(first, TestCurrentUser.Clara);
        Assert.True(scheduled.IsSuccess);
        var fingerprint = await App.WithDbContextAsync(db => db.Meetings.AsNoTracking().Select(m => m.SubmissionFingerprint).SingleAsync());
        Assert.Equal(Meeting.SubmissionFingerprintLength, fingerprint?.Length);
        await App.WithDbContextAsync(db => db.Meetings.ExecuteUpdateAsync(s => s.SetProperty(m => m.SubmissionFingerprint, (string?)null)));

        var again = await App.SendAsync(first with { Title = "Another call" }, TestCurrentUser.Clara);

        Assert.True(again.IsSuccess, again.IsFailure ? again.FirstError.Message : null);
        Assert.Equal(scheduled.Value.Id, again.Value.Id);
        Assert.Equal("Supply chain call", again.Value.Title);
    }
}
