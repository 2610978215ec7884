using FluentValidation;
using Microsoft.Extensions.Options;

namespace InsightGig.Application.Notifications.SaveReminderPreferences;

internal sealed class SaveReminderPreferencesValidator : AbstractValidator<SaveReminderPreferencesCommand>
{
    public SaveReminderPreferencesValidator(IOptions<NotificationOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RuleFor(c => c.RemindersOn)
            .NotNull().WithMessage("Choose your reminders.")
            .Must(on => on.All(minutes => options.Value.Offsets.Contains(minutes)))
            .WithMessage("A reminder on the form is no longer offered; reload the page and choose again.");
    }
}
