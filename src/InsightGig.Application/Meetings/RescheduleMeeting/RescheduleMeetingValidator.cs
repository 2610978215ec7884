using FluentValidation;

namespace InsightGig.Application.Meetings.RescheduleMeeting;

internal sealed class RescheduleMeetingValidator : AbstractValidator<RescheduleMeetingCommand>
{
    public RescheduleMeetingValidator()
    {
        RuleFor(c => c.MeetingId).NotEmpty();
        RuleFor(c => c.Start).NotNull().WithMessage("Enter the starting date and time.");
        RuleFor(c => c.End).NotNull().WithMessage("Enter the ending date and time.");
        RuleFor(c => c.End)
            .GreaterThan(c => c.Start).WithMessage("The end must be after the start.")
            .When(c => c.Start is not null && c.End is not null);
    }
}
