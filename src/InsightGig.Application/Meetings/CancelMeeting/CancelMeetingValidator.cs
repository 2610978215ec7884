using FluentValidation;

namespace InsightGig.Application.Meetings.CancelMeeting;

internal sealed class CancelMeetingValidator : AbstractValidator<CancelMeetingCommand>
{
    public CancelMeetingValidator()
    {
        RuleFor(c => c.MeetingId).NotEmpty();
        RuleFor(c => c.Note).MaximumLength(2000).WithMessage("The note can have at most 2000 characters.");
    }
}
