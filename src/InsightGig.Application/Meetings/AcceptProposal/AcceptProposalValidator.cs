using FluentValidation;

namespace InsightGig.Application.Meetings.AcceptProposal;

internal sealed class AcceptProposalValidator : AbstractValidator<AcceptProposalCommand>
{
    public AcceptProposalValidator()
    {
        RuleFor(c => c.MeetingId).NotEmpty();
        RuleFor(c => c.ProposalId).NotEmpty();
    }
}
