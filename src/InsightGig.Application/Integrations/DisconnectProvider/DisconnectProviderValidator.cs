using FluentValidation;

namespace InsightGig.Application.Integrations.DisconnectProvider;

internal sealed class DisconnectProviderValidator : AbstractValidator<DisconnectProviderCommand>
{
    public DisconnectProviderValidator() =>
        RuleFor(c => c.Provider)
            .NotEmpty().WithMessage("Choose the account to disconnect.")
            .MaximumLength(50).WithMessage("That is not a provider InsightGig can link.");
}
