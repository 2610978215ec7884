using FluentValidation;

namespace InsightGig.Application.Integrations.DeauthorizeZoomUser;

internal sealed class DeauthorizeZoomUserValidator : AbstractValidator<DeauthorizeZoomUserCommand>
{
    public DeauthorizeZoomUserValidator() => RuleFor(c => c.ZoomUserId).NotEmpty().MaximumLength(200);
}
