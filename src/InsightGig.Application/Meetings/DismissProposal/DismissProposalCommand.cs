using InsightGig.Application.Meetings.Converge;
using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Meetings.DismissProposal;

/// <summary>The organizer dismisses a participant's proposed time; the meeting stays as it is and the proposer is told.</summary>
public sealed record DismissProposalCommand(Guid MeetingId, Guid ProposalId, int ExpectedVersion) : ICommand<Result<MeetingChanged>>;
