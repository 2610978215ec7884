using FluentValidation;
using Microsoft.Extensions.Options;

namespace InsightGig.Application.Notifications.SaveReminderPreferences;

internal sealed class SaveReminderPreferencesValidator : AbstractValidator<SaveReminderPreferencesCommand>
{
    public SaveReminderPreferencesValidator(IOptions<NotificationOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RuleFor(c => c.RemindersOn).NotNull().WithMessage("Choose your reminders.");
        RuleForEach(c => c.RemindersOn)
            .Must(minutes => options.Value.Offsets.Contains(minutes))
            .WithMessage("That reminder is not offered; reload the page and choose again.")
            .OverridePropertyName("RemindersOn");
    }
}
