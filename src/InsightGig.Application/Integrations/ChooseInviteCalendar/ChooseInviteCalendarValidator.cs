using FluentValidation;

namespace InsightGig.Application.Integrations.ChooseInviteCalendar;

internal sealed class ChooseInviteCalendarValidator : AbstractValidator<ChooseInviteCalendarCommand>
{
    public ChooseInviteCalendarValidator() => RuleFor(c => c.Provider).NotEmpty().WithMessage("Choose a calendar.").MaximumLength(50);
}
