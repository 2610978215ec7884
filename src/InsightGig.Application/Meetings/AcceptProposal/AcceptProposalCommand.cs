using InsightGig.Application.Meetings.Converge;
using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Meetings.AcceptProposal;

/// <summary>
/// The organizer accepts a participant's proposed time: the meeting is rescheduled to it through the same steps as a
/// reschedule (the video meeting and the calendar event follow), the proposer's answer becomes Accepted and they are told.
/// </summary>
/// <param name="ExpectedVersion">The version the page was shown with; a double submit applies once.</param>
public sealed record AcceptProposalCommand(Guid MeetingId, Guid ProposalId, int ExpectedVersion) : ICommand<Result<MeetingChanged>>;
