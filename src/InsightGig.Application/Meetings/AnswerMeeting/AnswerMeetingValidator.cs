using FluentValidation;
using InsightGig.Domain.Meetings;

namespace InsightGig.Application.Meetings.AnswerMeeting;

internal sealed class AnswerMeetingValidator : AbstractValidator<AnswerMeetingCommand>
{
    public AnswerMeetingValidator()
    {
        RuleFor(c => c.MeetingId).NotEmpty();
        RuleFor(c => c.Answer).IsInEnum().WithMessage("Choose Accept, Decline or Propose a new time.");
        When(c => c.Answer == MeetingAnswer.ProposeNewTime, () =>
        {
            RuleFor(c => c.Start).NotNull().WithMessage("Enter the starting date and time you propose.");
            RuleFor(c => c.End).NotNull().WithMessage("Enter the ending date and time you propose.");
            RuleFor(c => c.End)
                .GreaterThan(c => c.Start).WithMessage("The end must be after the start.")
                .When(c => c.Start is not null && c.End is not null);
            RuleFor(c => c.Note).MaximumLength(MeetingProposal.NoteMaxLength)
                .WithMessage($"The note can have at most {MeetingProposal.NoteMaxLength} characters.");
        });
    }
}
