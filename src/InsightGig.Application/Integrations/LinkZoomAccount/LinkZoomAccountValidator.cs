using FluentValidation;

namespace InsightGig.Application.Integrations.LinkZoomAccount;

internal sealed class LinkZoomAccountValidator : AbstractValidator<LinkZoomAccountCommand>
{
    public LinkZoomAccountValidator()
    {
        RuleFor(c => c.State).NotEmpty().WithMessage("This sign-in response has no state. Please start linking again.").MaximumLength(200);
        RuleFor(c => c.Code).MaximumLength(2048);
        RuleFor(c => c.Error).MaximumLength(200);
    }
}
