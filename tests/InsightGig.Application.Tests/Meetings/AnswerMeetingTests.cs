using System.Globalization;
using System.Text.Json.Nodes;
using InsightGig.Application.Meetings.AcceptProposal;
using InsightGig.Application.Meetings.AnswerMeeting;
using InsightGig.Application.Meetings.CancelMeeting;
using InsightGig.Application.Meetings.Converge;
using InsightGig.Application.Meetings.DismissProposal;
using InsightGig.Application.Meetings.GetMeeting;
using InsightGig.Application.Meetings.GetMyMeetings;
using InsightGig.Application.Meetings.ScheduleMeeting;
using InsightGig.Application.Meetings.SyncCalendarChanges;
using InsightGig.Application.Notifications.Kinds;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Tests.Meetings;

/// <summary>
/// <see cref="AnswerMeetingCommand"/>, <see cref="AcceptProposalCommand"/> and <see cref="DismissProposalCommand"/> through the
/// real pipeline, with the adapters talking to the provider sandbox: who may answer or decide, what the organizer's and the
/// participant's calendars hold afterwards, and how answers from InsightGig and from the calendar meet.
/// </summary>
public sealed class AnswerMeetingTests(MeetingsAppFixture fixture) : IClassFixture<MeetingsAppFixture>, IAsyncLifetime
{
    private static readonly DateOnly Day = MeetingDates.NextMidJanuary();
    private static readonly TestCurrentUser Clara = TestCurrentUser.Clara;
    private static readonly TestCurrentUser Erin = TestCurrentUser.Erin;
    private static readonly TestCurrentUser Hiro = new(DemoData.Hiro.Id, null, false);
    private static readonly TestCurrentUser Sofia = new(DemoData.Sofia.Id, null, false);

    private ProviderSandboxState Sandbox => fixture.State;

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Clara's Zoom call on the Northwind project with Erin and Hiro, on <see cref="Day"/> 15:00–16:00 London.</summary>
    private Task<ScheduledMeeting> ScheduleAsync() =>
        fixture.ScheduleAsync(new ScheduleMeetingCommand(Guid.NewGuid(), MeetingContextKind.Project, DemoData.NorthwindProjectId, "zoom",
            "Battery sourcing call", "Agenda", Day.At(15), Day.At(16), [DemoData.Erin.Id, DemoData.Hiro.Id]), Clara);

    private string EventAnswer(string email) =>
        (Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email)).Resource["attendees"] as JsonArray)!.OfType<JsonObject>()
            .Single(a => a["email"]!.GetValue<string>() == email)["responseStatus"]!.GetValue<string>();

    private async Task<MeetingParticipant> ParticipantAsync(Guid meetingId, Guid personId) =>
        (await fixture.MeetingAsync(meetingId)).Participants.Single(p => p.PersonId == personId);

    private static Error Failure<T>(Result<T> result)
    {
        Assert.True(result.IsFailure, "the command succeeded");
        return result.FirstError;
    }

    [Fact]
    public async Task The_organizer_cannot_answer_their_own_meeting_and_an_outsider_finds_no_meeting()
    {
        var scheduled = await ScheduleAsync();

        Assert.Equal("answer.organizer", Failure(await fixture.SendAsync(new AnswerMeetingCommand(scheduled.Id, MeetingAnswer.Accept), Clara)).Code);
        Assert.Equal(ErrorKind.NotFound, Failure(await fixture.SendAsync(new AnswerMeetingCommand(scheduled.Id, MeetingAnswer.Decline), Sofia)).Kind);
        Assert.All((await fixture.MeetingAsync(scheduled.Id)).Participants, p => Assert.Equal(ResponseSource.None, p.ResponseSource));
    }

    [Fact]
    public async Task A_cancelled_meeting_refuses_answers_with_a_clear_message()
    {
        var scheduled = await ScheduleAsync();
        Assert.True((await fixture.SendAsync(new CancelMeetingCommand(scheduled.Id, 0, null), Clara)).IsSuccess);

        var refused = Failure(await fixture.SendAsync(new AnswerMeetingCommand(scheduled.Id, MeetingAnswer.Accept), Erin));

        Assert.Equal((ErrorKind.Conflict, "This meeting was cancelled, so it cannot be answered any more."), (refused.Kind, refused.Message));
    }

    [Fact]
    public async Task A_proposal_is_accepted_by_the_organizer_only_and_moves_the_video_meeting_and_the_calendar_event()
    {
        var scheduled = await ScheduleAsync();
        // Hiro proposes the next day 09:00–09:45 on his own clock (Tokyo).
        var next = Day.AddDays(1);
        var proposed = await fixture.SendAsync(new AnswerMeetingCommand(scheduled.Id, MeetingAnswer.ProposeNewTime, next.At(9), next.At(9, 45), "Mornings suit me"), Hiro);
        Assert.True(proposed.IsSuccess);
        var proposal = Assert.Single((await fixture.MeetingAsync(scheduled.Id)).Proposals);
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        Assert.Equal(new DateTimeOffset(next.At(9), tokyo.GetUtcOffset(next.At(9))), proposal.StartUtc);
        var organizerView = await fixture.SendAsync(new GetMeetingQuery(scheduled.Id), Clara);
        Assert.Equal(proposal.Id, Assert.Single(organizerView.Value.OpenProposals!).Id);
        Assert.Equal(1, Assert.Single(await fixture.SendAsync(new GetMyMeetingsQuery(), Clara)).OpenProposals);

        // Neither the proposer nor another participant can accept it: there is no such meeting for them to change.
        Assert.Equal(ErrorKind.NotFound, Failure(await fixture.SendAsync(new AcceptProposalCommand(scheduled.Id, proposal.Id, 0), Hiro)).Kind);
        Assert.Equal(ErrorKind.NotFound, Failure(await fixture.SendAsync(new AcceptProposalCommand(scheduled.Id, proposal.Id, 0), Erin)).Kind);
        Assert.Equal(scheduled.StartUtc, (await fixture.MeetingAsync(scheduled.Id)).StartUtc);

        var accepted = await fixture.SendAsync(new AcceptProposalCommand(scheduled.Id, proposal.Id, 0), Clara);
        var again = await fixture.SendAsync(new AcceptProposalCommand(scheduled.Id, proposal.Id, 0), Clara);

        Assert.True(accepted.IsSuccess && accepted.Value.InStep);
        Assert.True(again.IsSuccess); // a double submit is harmless
        var meeting = await fixture.MeetingAsync(scheduled.Id);
        Assert.Equal((proposal.StartUtc, proposal.EndUtc, 1), (meeting.StartUtc, meeting.EndUtc, meeting.Version));
        var hiro = meeting.Participants.Single(p => p.PersonId == DemoData.Hiro.Id);
        Assert.Equal((ResponseStatus.Accepted, ResponseSource.InsightGig), (hiro.Response, hiro.ResponseSource));
        Assert.Equal(ProposalStatus.Accepted, Assert.Single(meeting.Proposals).Status);
        var zoom = Assert.Single(Sandbox.GetZoomMeetings());
        Assert.Equal(proposal.StartUtc, zoom.StartTime);
        var calendarEvent = Assert.Single(Sandbox.GetCalendarEvents(DemoData.Clara.Email));
        Assert.Equal(proposal.StartUtc, DateTimeOffset.Parse(calendarEvent.Resource["start"]!["dateTime"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        var mail = await fixture.WithDbContextAsync(db => db.Notifications.AsNoTracking().Select(n => new { n.Kind, n.RecipientPersonId }).ToListAsync(MeetingsAppFixture.Ct));
        Assert.Contains(mail, n => n.Kind == ParticipantAnswered.KindName && n.RecipientPersonId == DemoData.Clara.Id);
        Assert.Single(mail, n => n.Kind == ProposalDecided.KindName && n.RecipientPersonId == DemoData.Hiro.Id);
    }

    [Fact]
    public async Task A_dismissed_proposal_leaves_the_meeting_and_cannot_be_accepted_afterwards()
    {
        var scheduled = await ScheduleAsync();
        var next = Day.AddDays(1);
        await fixture.SendAsync(new AnswerMeetingCommand(scheduled.Id, MeetingAnswer.ProposeNewTime, next.At(9), next.At(10)), Erin);
        var proposal = Assert.Single((await fixture.MeetingAsync(scheduled.Id)).Proposals);

        Assert.Equal(ErrorKind.NotFound, Failure(await fixture.SendAsync(new DismissProposalCommand(scheduled.Id, proposal.Id, 0), Erin)).Kind);
        Assert.True((await fixture.SendAsync(new DismissProposalCommand(scheduled.Id, proposal.Id, 0), Clara)).IsSuccess);
        Assert.True((await fixture.SendAsync(new DismissProposalCommand(scheduled.Id, proposal.Id, 0), Clara)).IsSuccess);
        var refused = Failure(await fixture.SendAsync(new AcceptProposalCommand(scheduled.Id, proposal.Id, 0), Clara));

        Assert.Equal(("proposal.closed", "This proposal was dismissed."), (refused.Code, refused.Message));
        var meeting = await fixture.MeetingAsync(scheduled.Id);
        Assert.Equal((scheduled.StartUtc, 0, ProposalStatus.Dismissed), (meeting.StartUtc, meeting.Version, meeting.Proposals[0].Status));
    }

    [Fact]
    public async Task The_latest_answer_wins_between_InsightGig_and_the_calendar_read_back()
    {
        var scheduled = await ScheduleAsync();
        await fixture.SendAsync(new SyncCalendarChangesCommand(DemoData.Clara.Id), TestCurrentUser.Anonymous);
        var eventId = (await fixture.MeetingAsync(scheduled.Id)).CalendarEventId!;

        // Erin (no calendar connected) declines in InsightGig; then the event changes in Clara's calendar (Hiro accepts there),
        // which still reports Erin as not answered: her newer answer stands.
        Assert.True((await fixture.SendAsync(new AnswerMeetingCommand(scheduled.Id, MeetingAnswer.Decline), Erin)).IsSuccess);
        Sandbox.RespondToCalendarEvent(DemoData.Clara.Email, eventId, DemoData.Hiro.Email, "accepted");
        await fixture.SendAsync(new SyncCalendarChangesCommand(DemoData.Clara.Id), TestCurrentUser.Anonymous);

        var erin = await ParticipantAsync(scheduled.Id, DemoData.Erin.Id);
        var hiro = await ParticipantAsync(scheduled.Id, DemoData.Hiro.Id);
        Assert.Equal((ResponseStatus.Declined, ResponseSource.InsightGig), (erin.Response, erin.ResponseSource));
        Assert.Equal((ResponseStatus.Accepted, ResponseSource.Calendar, "Google Calendar"), (hiro.Response, hiro.ResponseSource, hiro.ResponseSourceName));

        // Then Erin accepts in the calendar: that answer is newer, and wins.
        Sandbox.RespondToCalendarEvent(DemoData.Clara.Email, eventId, DemoData.Erin.Email, "accepted");
        await fixture.SendAsync(new SyncCalendarChangesCommand(DemoData.Clara.Id), TestCurrentUser.Anonymous);
        erin = await ParticipantAsync(scheduled.Id, DemoData.Erin.Id);
        Assert.Equal((ResponseStatus.Accepted, ResponseSource.Calendar), (erin.Response, erin.ResponseSource));

        // And a decline in InsightGig after that wins again.
        Assert.True((await fixture.SendAsync(new AnswerMeetingCommand(scheduled.Id, MeetingAnswer.Decline), Erin)).IsSuccess);
        await fixture.SendAsync(new SyncCalendarChangesCommand(DemoData.Clara.Id), TestCurrentUser.Anonymous);
        Assert.Equal(ResponseStatus.Declined, (await ParticipantAsync(scheduled.Id, DemoData.Erin.Id)).Response);
    }

    [Fact]
    public async Task An_answer_goes_to_the_participants_own_calendar_and_a_failed_write_is_retried()
    {
        await fixture.ConnectAsync(DemoData.Erin, SandboxProvider.Google);
        var scheduled = await ScheduleAsync();
        fixture.Scheduler.Clear();
        Sandbox.InjectFault(new SandboxFault { Provider = SandboxProvider.Google, Target = SandboxFaultTarget.Api, Status = 503 });

        var declined = await fixture.SendAsync(new AnswerMeetingCommand(scheduled.Id, MeetingAnswer.Decline), Erin);

        // Saved in InsightGig at once; the calendar write waits for a retry.
        Assert.True(declined.IsSuccess);
        Assert.Equal(ResponseStatus.Declined, declined.Value.Response);
        Assert.True((await ParticipantAsync(scheduled.Id, DemoData.Erin.Id)).AnswerToWrite);
        Assert.Contains(fixture.Scheduler.Requests, r => r.MeetingId == scheduled.Id);
        Assert.Contains(scheduled.Id, await fixture.SendAsync(new ListMeetingsOutOfStepQuery(), TestCurrentUser.Anonymous));
        Sandbox.ClearFaults();
        Assert.Equal("needsAction", EventAnswer(DemoData.Erin.Email));

        var retried = await fixture.SendAsync(new ConvergeMeetingCommand(scheduled.Id), TestCurrentUser.Anonymous);

        Assert.Equal(ConvergeState.InStep, retried.State);
        // Written on Erin's copy of the invitation, with her own connection; Google tells the organizer's event.
        Assert.Equal("declined", EventAnswer(DemoData.Erin.Email));
        Assert.False((await ParticipantAsync(scheduled.Id, DemoData.Erin.Id)).AnswerToWrite);
        Assert.DoesNotContain(scheduled.Id, await fixture.SendAsync(new ListMeetingsOutOfStepQuery(), TestCurrentUser.Anonymous));
    }
}
