using FluentValidation;

namespace InsightGig.Application.Integrations.CompleteAccountLink;

internal sealed class CompleteAccountLinkValidator : AbstractValidator<CompleteAccountLinkCommand>
{
    public CompleteAccountLinkValidator()
    {
        RuleFor(c => c.Provider).NotEmpty().MaximumLength(50);
        RuleFor(c => c.State).NotEmpty().WithMessage("This sign-in response has no state. Please start linking again.").MaximumLength(200);
        RuleFor(c => c.Code).MaximumLength(2048);
        RuleFor(c => c.Error).MaximumLength(200);
    }
}
