using FluentValidation;
using InsightGig.Application.Integrations.Linking;

namespace InsightGig.Application.Integrations.CompleteAccountLink;

internal sealed class CompleteAccountLinkValidator : AbstractValidator<CompleteAccountLinkCommand>
{
    public CompleteAccountLinkValidator()
    {
        RuleFor(c => c.Provider).NotEmpty().MaximumLength(50);
        // Longer values than a provider ever sends: not a response to anything InsightGig asked for.
        var notOurs = LinkingErrors.UnknownState().Message;
        RuleFor(c => c.State).NotEmpty().WithMessage("This sign-in response has no state. Please start linking again.").MaximumLength(200).WithMessage(notOurs);
        RuleFor(c => c.Code).MaximumLength(2048).WithMessage(notOurs);
        RuleFor(c => c.Error).MaximumLength(200).WithMessage(notOurs);
    }
}
