using FluentValidation;
using InsightGig.Application.Directory.GetWorkingTime;

namespace InsightGig.Application.Directory.SaveWorkingTime;

internal sealed class SaveWorkingTimeValidator : AbstractValidator<SaveWorkingTimeCommand>
{
    public SaveWorkingTimeValidator()
    {
        RuleFor(c => c.TimeZoneId)
            .Must(TimeZoneChoices.IsOffered)
            .WithMessage(c => string.IsNullOrWhiteSpace(c.TimeZoneId) ? "Choose your time zone." : $"'{c.TimeZoneId}' is not a time zone on the list. Choose one such as Europe/London.");
        RuleFor(c => c.Days).NotNull().WithMessage("Give your working hours.");
        RuleFor(c => c.Days)
            .Must(days => days.Select(d => d.Day).Distinct().Count() == days.Count && days.All(d => Enum.IsDefined(d.Day)))
            .When(c => c.Days is not null)
            .WithMessage("The working hours name a day twice or a day that does not exist. Reload the page and try again.");
        RuleForEach(c => c.Days).ChildRules(day =>
        {
            day.RuleFor(d => d.Start).NotNull().When(d => d.Works).WithMessage(d => $"Enter when you start on {d.Day}.");
            day.RuleFor(d => d.End).NotNull().When(d => d.Works).WithMessage(d => $"Enter when you finish on {d.Day}.");
            day.RuleFor(d => d.End)
                .Must((d, end) => end > d.Start)
                .When(d => d.Works && d.Start is not null && d.End is not null)
                .WithMessage(d => $"On {d.Day} you must finish after you start.");
        });
    }
}
