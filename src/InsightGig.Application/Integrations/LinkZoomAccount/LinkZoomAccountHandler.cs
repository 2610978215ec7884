using InsightGig.Application.Integrations.Linking;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Integrations.LinkZoomAccount;

internal sealed class LinkZoomAccountHandler(AccountLinkCompleter completer) : ICommandHandler<LinkZoomAccountCommand, Result<AccountLinked>>
{
    public async ValueTask<Result<AccountLinked>> Handle(LinkZoomAccountCommand command, CancellationToken cancellationToken) =>
        await completer.CompleteAsync(ProviderKeys.Zoom, command.State, command.Code, command.Error, RequireSameEmail, cancellationToken);

    /// <summary>The help article's rule: the email you use to log in to Zoom must be your InsightGig email.</summary>
    private static Error? RequireSameEmail(LinkCandidate candidate) =>
        string.Equals(candidate.Account.Email.Trim(), candidate.Person.Email, StringComparison.OrdinalIgnoreCase)
            ? null
            : Error.Validation("link.zoom_email_mismatch",
                $"Your Zoom account uses {candidate.Account.Email}, but your InsightGig email is {candidate.Person.Email}. " +
                "The email you use to log in to Zoom should be the same as your InsightGig email. Nothing was linked: sign in to Zoom with " +
                $"{candidate.Person.Email} and try again.");
}
