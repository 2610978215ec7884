using FluentValidation;

namespace InsightGig.Application.Meetings.DismissProposal;

internal sealed class DismissProposalValidator : AbstractValidator<DismissProposalCommand>
{
    public DismissProposalValidator()
    {
        RuleFor(c => c.MeetingId).NotEmpty();
        RuleFor(c => c.ProposalId).NotEmpty();
    }
}
