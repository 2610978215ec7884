using FluentValidation;

namespace InsightGig.Application.Integrations.DisconnectProvider;

internal sealed class DisconnectProviderValidator : AbstractValidator<DisconnectProviderCommand>
{
    public DisconnectProviderValidator() => RuleFor(c => c.Provider).NotEmpty().MaximumLength(50);
}
