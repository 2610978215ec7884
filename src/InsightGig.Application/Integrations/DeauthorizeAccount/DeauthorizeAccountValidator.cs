using FluentValidation;

namespace InsightGig.Application.Integrations.DeauthorizeAccount;

internal sealed class DeauthorizeAccountValidator : AbstractValidator<DeauthorizeAccountCommand>
{
    public DeauthorizeAccountValidator()
    {
        RuleFor(c => c.Provider).NotEmpty().MaximumLength(50);
        RuleFor(c => c.ExternalAccountId).NotEmpty().MaximumLength(200);
    }
}
