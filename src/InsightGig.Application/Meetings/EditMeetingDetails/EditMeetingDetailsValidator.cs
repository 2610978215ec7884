using FluentValidation;
using InsightGig.Domain.Meetings;

namespace InsightGig.Application.Meetings.EditMeetingDetails;

internal sealed class EditMeetingDetailsValidator : AbstractValidator<EditMeetingDetailsCommand>
{
    public EditMeetingDetailsValidator()
    {
        RuleFor(c => c.MeetingId).NotEmpty();
        RuleFor(c => c.Title)
            .NotEmpty().WithMessage("Enter a title.")
            .MaximumLength(Meeting.TitleMaxLength).WithMessage($"The title can have at most {Meeting.TitleMaxLength} characters.");
        RuleFor(c => c.Description)
            .MaximumLength(Meeting.DescriptionMaxLength).WithMessage($"The description can have at most {Meeting.DescriptionMaxLength} characters.");
        RuleFor(c => c.Participants!.Count).LessThanOrEqualTo(200).When(c => c.Participants is not null)
            .WithName(nameof(EditMeetingDetailsCommand.Participants)).OverridePropertyName(nameof(EditMeetingDetailsCommand.Participants));
    }
}
