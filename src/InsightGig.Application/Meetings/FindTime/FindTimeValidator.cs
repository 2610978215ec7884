using FluentValidation;
using InsightGig.Domain.Meetings.Availability;

namespace InsightGig.Application.Meetings.FindTime;

internal sealed class FindTimeValidator : AbstractValidator<FindTimeQuery>
{
    public FindTimeValidator()
    {
        RuleFor(q => q.DurationMinutes)
            .Must(SlotFinder.DurationsInMinutes.Contains)
            .WithMessage($"Choose a duration of {string.Join(", ", SlotFinder.DurationsInMinutes)} minutes.")
            .OverridePropertyName("Duration");
        RuleFor(q => q.Participants).NotNull();
    }
}
