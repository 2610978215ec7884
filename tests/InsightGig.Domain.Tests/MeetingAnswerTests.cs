using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;

namespace InsightGig.Domain.Tests;

/// <summary>Participants' answers and proposals of a new time, as the meeting guards them.</summary>
public sealed class MeetingAnswerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = Now.AddDays(2);
    private static readonly Guid Organizer = Guid.NewGuid();
    private static readonly (Guid PersonId, string Email, string FullName) Erin = (Guid.NewGuid(), "erin@experts.example", "Erin Okafor");
    private static readonly (Guid PersonId, string Email, string FullName) Hiro = (Guid.NewGuid(), "hiro@experts.example", "Hiro Tanaka");

    private static Meeting Scheduled()
    {
        var meeting = Meeting.Schedule(Guid.NewGuid(), Organizer, MeetingContextKind.Project, Guid.NewGuid(), "zoom", "Battery sourcing", null,
            Start, Start.AddHours(1), "Europe/London", [Erin, Hiro], Now).Value;
        meeting.MarkScheduled("https://zoom.example/j/1");
        return meeting;
    }

    private static MeetingParticipant Of(Meeting meeting, Guid personId) => meeting.Participants.Single(p => p.PersonId == personId);

    [Fact]
    public void An_answer_in_InsightGig_records_its_source_and_time_and_is_to_be_written_to_the_participants_calendar()
    {
        var meeting = Scheduled();

        Assert.True(meeting.Answer(Erin.PersonId, ResponseStatus.Declined, Now).IsSuccess);

        var erin = Of(meeting, Erin.PersonId);
        Assert.Equal((ResponseStatus.Declined, ResponseSource.InsightGig, Now), (erin.Response, erin.ResponseSource, erin.RespondedAtUtc));
        Assert.True(erin.AnswerToWrite);
        Assert.True(meeting.HasAnswersToWrite);
        Assert.Equal(0, meeting.Version); // an answer is not a change of the meeting the providers must follow
        meeting.AnswerWritten(Erin.PersonId, erin.AnswerVersion);
        Assert.False(meeting.HasAnswersToWrite);
    }

    [Fact]
    public void The_same_answer_twice_changes_nothing()
    {
        var meeting = Scheduled();
        meeting.Answer(Erin.PersonId, ResponseStatus.Accepted, Now);
        meeting.AnswerWritten(Erin.PersonId, 1);

        Assert.True(meeting.Answer(Erin.PersonId, ResponseStatus.Accepted, Now.AddMinutes(1)).IsSuccess);

        Assert.Equal((1, Now), (Of(meeting, Erin.PersonId).AnswerVersion, Of(meeting, Erin.PersonId).RespondedAtUtc));
        Assert.False(meeting.HasAnswersToWrite);
    }

    [Fact]
    public void The_organizer_cannot_answer_and_an_outsider_is_not_found()
    {
        var meeting = Scheduled();

        Assert.Equal("answer.organizer", meeting.Answer(Organizer, ResponseStatus.Accepted, Now).FirstError.Code);
        Assert.Equal(ErrorKind.NotFound, meeting.ProposeTime(Guid.NewGuid(), Start.AddDays(1), Start.AddDays(1).AddHours(1), null, Now).FirstError.Kind);
    }

    [Fact]
    public void A_cancelled_or_finished_meeting_refuses_answers_with_a_clear_message()
    {
        var cancelled = Scheduled();
        cancelled.Cancel(null, Organizer, ChangeSource.InsightGig, Now);
        var refused = cancelled.Answer(Erin.PersonId, ResponseStatus.Accepted, Now);
        Assert.Equal(("answer.cancelled", "This meeting was cancelled, so it cannot be answered any more."), (refused.FirstError.Code, refused.FirstError.Message));

        var over = Scheduled();
        Assert.Equal("answer.past", over.Answer(Erin.PersonId, ResponseStatus.Declined, Start.AddHours(2)).FirstError.Code);
    }

    [Fact]
    public void A_calendar_report_is_a_new_answer_only_when_it_differs_from_the_calendars_previous_one()
    {
        var meeting = Scheduled();
        Assert.True(meeting.RecordResponse(Erin.Email, ResponseStatus.Accepted, Now, "Google Calendar"));
        var erin = Of(meeting, Erin.PersonId);
        Assert.Equal((ResponseStatus.Accepted, ResponseSource.Calendar, "Google Calendar"), (erin.Response, erin.ResponseSource, erin.ResponseSourceName));

        // Later, Erin declines in InsightGig; the calendar still says "accepted" with another change of the event: Erin's
        // newer answer stands.
        meeting.Answer(Erin.PersonId, ResponseStatus.Declined, Now.AddMinutes(5));
        Assert.False(meeting.RecordResponse(Erin.Email, ResponseStatus.Accepted, Now.AddMinutes(6), "Google Calendar"));
        Assert.Equal((ResponseStatus.Declined, ResponseSource.InsightGig), (erin.Response, erin.ResponseSource));

        // Then she answers "tentative" in her calendar: that is newer still, and wins.
        Assert.True(meeting.RecordResponse(Erin.Email, ResponseStatus.Tentative, Now.AddMinutes(7), "Google Calendar"));
        Assert.Equal((ResponseStatus.Tentative, ResponseSource.Calendar, Now.AddMinutes(7)), (erin.Response, erin.ResponseSource, erin.RespondedAtUtc));
    }

    [Fact]
    public void The_calendar_catching_up_with_an_answer_given_in_InsightGig_keeps_its_source()
    {
        var meeting = Scheduled();
        meeting.Answer(Erin.PersonId, ResponseStatus.Accepted, Now);

        Assert.False(meeting.RecordResponse(Erin.Email, ResponseStatus.Accepted, Now.AddMinutes(1), "Google Calendar"));

        Assert.Equal((ResponseSource.InsightGig, Now), (Of(meeting, Erin.PersonId).ResponseSource, Of(meeting, Erin.PersonId).RespondedAtUtc));
    }

    [Fact]
    public void A_proposal_is_validated_like_a_reschedule()
    {
        var meeting = Scheduled();

        Assert.Equal(["meeting.start_in_past"], meeting.ProposeTime(Erin.PersonId, Now.AddHours(-1), Now.AddHours(1), null, Now).Errors.Select(e => e.Code));
        Assert.Equal(["meeting.end_before_start"], meeting.ProposeTime(Erin.PersonId, Start.AddDays(1), Start.AddDays(1), null, Now).Errors.Select(e => e.Code));
        Assert.Equal(["meeting.too_long"], meeting.ProposeTime(Erin.PersonId, Start, Start.AddHours(25), null, Now).Errors.Select(e => e.Code));
        Assert.Equal(["proposal.same_time"], meeting.ProposeTime(Erin.PersonId, Start, Start.AddHours(1), null, Now).Errors.Select(e => e.Code));
        Assert.Equal(["proposal.note_too_long"],
            meeting.ProposeTime(Erin.PersonId, Start.AddDays(1), Start.AddDays(1).AddHours(1), new string('n', MeetingProposal.NoteMaxLength + 1), Now).Errors.Select(e => e.Code));
        Assert.Empty(meeting.Proposals);
    }

    [Fact]
    public void A_new_proposal_replaces_the_open_one_and_the_same_one_again_changes_nothing()
    {
        var meeting = Scheduled();
        var later = Start.AddDays(1);

        Assert.True(meeting.ProposeTime(Erin.PersonId, later, later.AddHours(1), "  Mornings are better  ", Now).IsSuccess);
        Assert.True(meeting.ProposeTime(Erin.PersonId, later, later.AddHours(1), "Mornings are better", Now).IsSuccess);
        Assert.Equal(ResponseStatus.Tentative, Of(meeting, Erin.PersonId).Response);
        var first = Assert.Single(meeting.Proposals);
        Assert.Equal("Mornings are better", first.Note);

        Assert.True(meeting.ProposeTime(Erin.PersonId, later.AddHours(2), later.AddHours(3), null, Now).IsSuccess);

        Assert.Equal([ProposalStatus.Replaced, ProposalStatus.Open], meeting.Proposals.Select(p => p.Status));
    }

    [Fact]
    public void Accepting_a_proposal_moves_the_meeting_closes_the_other_proposals_and_the_proposer_accepts()
    {
        var meeting = Scheduled();
        var later = Start.AddDays(1);
        meeting.ProposeTime(Erin.PersonId, later, later.AddMinutes(45), null, Now);
        meeting.ProposeTime(Hiro.PersonId, later.AddHours(3), later.AddHours(4), null, Now);
        var erins = meeting.Proposals[0].Id;

        Assert.True(meeting.AcceptProposal(erins, Organizer, Now.AddMinutes(1)).IsSuccess);

        Assert.Equal((later, later.AddMinutes(45), 1), (meeting.StartUtc, meeting.EndUtc, meeting.Version));
        Assert.Equal([ProposalStatus.Accepted, ProposalStatus.Closed], meeting.Proposals.Select(p => p.Status));
        Assert.Equal((ResponseStatus.Accepted, ResponseSource.InsightGig), (Of(meeting, Erin.PersonId).Response, Of(meeting, Erin.PersonId).ResponseSource));
        Assert.Equal("Rescheduled to a time a participant proposed", meeting.History[^1].Summary);
        Assert.DoesNotContain("Erin", meeting.History[^1].Summary, StringComparison.Ordinal);
        Assert.True(meeting.IsConverging);

        // A double submit: accepted once.
        Assert.True(meeting.AcceptProposal(erins, Organizer, Now.AddMinutes(2)).IsSuccess);
        Assert.Equal(1, meeting.Version);
        // Hiro's was closed by the move.
        Assert.Equal("proposal.closed", meeting.AcceptProposal(meeting.Proposals[1].Id, Organizer, Now.AddMinutes(2)).FirstError.Code);
    }

    [Fact]
    public void A_dismissed_proposal_cannot_be_accepted_and_rescheduling_or_cancelling_closes_open_ones()
    {
        var meeting = Scheduled();
        var later = Start.AddDays(1);
        meeting.ProposeTime(Erin.PersonId, later, later.AddHours(1), null, Now);
        var erins = meeting.Proposals[0].Id;
        Assert.True(meeting.DismissProposal(erins, Now).IsSuccess);
        Assert.True(meeting.DismissProposal(erins, Now).IsSuccess);
        Assert.Equal("proposal.closed", meeting.AcceptProposal(erins, Organizer, Now).FirstError.Code);
        Assert.Equal((Start, 0), (meeting.StartUtc, meeting.Version));

        meeting.ProposeTime(Hiro.PersonId, later, later.AddHours(1), null, Now);
        meeting.Reschedule(later.AddDays(1), later.AddDays(1).AddHours(1), Organizer, Now);
        Assert.Equal(ProposalStatus.Closed, meeting.Proposals[^1].Status);

        meeting.ProposeTime(Hiro.PersonId, later, later.AddHours(1), null, Now);
        meeting.Cancel(null, Organizer, ChangeSource.InsightGig, Now);
        Assert.DoesNotContain(meeting.Proposals, p => p.IsOpen);
    }

    [Fact]
    public void Accepting_or_declining_withdraws_the_participants_open_proposal()
    {
        var meeting = Scheduled();
        meeting.ProposeTime(Erin.PersonId, Start.AddDays(1), Start.AddDays(1).AddHours(1), null, Now);

        meeting.Answer(Erin.PersonId, ResponseStatus.Accepted, Now);

        Assert.Equal(ProposalStatus.Withdrawn, Assert.Single(meeting.Proposals).Status);
    }

    [Fact]
    public void A_proposal_whose_time_has_begun_cannot_be_accepted()
    {
        var meeting = Scheduled();
        var soon = Now.AddHours(1);
        meeting.ProposeTime(Erin.PersonId, soon, soon.AddHours(1), null, Now);

        var refused = meeting.AcceptProposal(meeting.Proposals[0].Id, Organizer, soon.AddMinutes(1));

        Assert.Equal("proposal.past", refused.FirstError.Code);
        Assert.Equal(Start, meeting.StartUtc);
    }
}
