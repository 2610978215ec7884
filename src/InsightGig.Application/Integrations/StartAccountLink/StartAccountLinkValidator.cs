using FluentValidation;
using InsightGig.Application.Integrations.Linking;

namespace InsightGig.Application.Integrations.StartAccountLink;

internal sealed class StartAccountLinkValidator : AbstractValidator<StartAccountLinkCommand>
{
    public StartAccountLinkValidator()
    {
        RuleFor(c => c.Provider).NotEmpty().MaximumLength(50).WithMessage("That is not a provider InsightGig can link.");
        RuleFor(c => c.RedirectUri).NotNull().Must(u => u.IsAbsoluteUri).WithMessage("The callback address must be absolute.");
        RuleFor(c => c.ReturnUrl).Must(u => u is null || LocalUrl.IsLocal(u)).WithMessage("You can only return to a page of InsightGig.");
    }
}
