using FluentValidation;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Domain.Meetings;

namespace InsightGig.Application.Meetings.ScheduleMeeting;

/// <summary>Shape checks on the input; rules that need the database (who may be invited) are in the handler.</summary>
internal sealed class ScheduleMeetingValidator : AbstractValidator<ScheduleMeetingCommand>
{
    public ScheduleMeetingValidator(ProviderCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        RuleFor(c => c.IdempotencyKey).NotEmpty().WithMessage("The form is out of date. Reload the page and try again.");
        RuleFor(c => c.ContextKind).IsInEnum();
        RuleFor(c => c.ContextId).NotEmpty();
        RuleFor(c => c.Platform).NotEmpty().WithMessage(ChoosePlatform(catalog)).MaximumLength(50);
        RuleFor(c => c.Title)
            .NotEmpty().WithMessage("Enter a title.")
            .MaximumLength(Meeting.TitleMaxLength).WithMessage($"The title can have at most {Meeting.TitleMaxLength} characters.");
        RuleFor(c => c.Description)
            .MaximumLength(Meeting.DescriptionMaxLength).WithMessage($"The description can have at most {Meeting.DescriptionMaxLength} characters.");
        RuleFor(c => c.Start).NotNull().WithMessage("Enter the starting date and time.");
        RuleFor(c => c.End).NotNull().WithMessage("Enter the ending date and time.");
        RuleFor(c => c.End)
            .GreaterThan(c => c.Start).WithMessage("The end must be after the start.")
            .When(c => c.Start is not null && c.End is not null);
        RuleFor(c => c.Participants).NotNull();
        RuleFor(c => c.Participants.Count).LessThanOrEqualTo(200).When(c => c.Participants is not null)
            .WithName(nameof(ScheduleMeetingCommand.Participants)).OverridePropertyName(nameof(ScheduleMeetingCommand.Participants));
        RuleFor(c => c.Participants)
            .NotEmpty().WithMessage("Choose at least one collaborator.")
            .When(c => c.ContextKind == MeetingContextKind.Project);
    }

    /// <summary>"Choose A or B.": the platforms the registered provider units offer.</summary>
    public static string ChoosePlatform(ProviderCatalog catalog) => $"Choose {string.Join(" or ", catalog.Platforms.Select(p => p.DisplayName))}.";
}
