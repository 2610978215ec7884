using FluentValidation;

namespace InsightGig.Application.Meetings.RescheduleMeeting;

internal sealed class RescheduleMeetingValidator : AbstractValidator<RescheduleMeetingCommand>
{
    public RescheduleMeetingValidator()
    {
        RuleFor(c => c.MeetingId).NotEmpty();
        RuleFor(c => c.StartLocal).NotNull().WithMessage("Enter the starting date and time.");
        RuleFor(c => c.EndLocal).NotNull().WithMessage("Enter the ending date and time.");
        RuleFor(c => c.EndLocal)
            .GreaterThan(c => c.StartLocal).WithMessage("The end must be after the start.")
            .When(c => c.StartLocal is not null && c.EndLocal is not null);
    }
}
