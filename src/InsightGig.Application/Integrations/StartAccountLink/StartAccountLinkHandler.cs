using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Linking;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Common;
using InsightGig.Domain.Integrations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Integrations.StartAccountLink;

internal sealed class StartAccountLinkHandler(
    IApplicationDbContext db,
    ICurrentUser currentUser,
    IEnumerable<IOAuthAccountLinker> linkers,
    ITokenProtector protector,
    TimeProvider clock) : ICommandHandler<StartAccountLinkCommand, Result<Uri>>
{
    public async ValueTask<Result<Uri>> Handle(StartAccountLinkCommand command, CancellationToken cancellationToken)
    {
        var linker = linkers.FirstOrDefault(l => l.Provider == command.Provider);
        if (linker is null)
        {
            return LinkingErrors.UnknownProvider(command.Provider);
        }

        if (currentUser.PersonId is not { } personId)
        {
            return Error.NotFound("person");
        }

        var email = await db.People.Where(p => p.Id == personId).Select(p => p.Email).FirstAsync(cancellationToken);
        var state = Pkce.NewRandomValue();
        var verifier = Pkce.NewRandomValue();
        db.AccountLinkAttempts.Add(AccountLinkAttempt.Start(Guid.NewGuid(), personId, linker.Provider, state, protector.Protect(verifier),
            command.RedirectUri.AbsoluteUri, command.ReturnUrl ?? "/Account/ConnectedApps", clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);

        // The login hint preselects the InsightGig email, which some providers require and others make the likely choice.
        return linker.BuildAuthorizationUri(command.RedirectUri, state, Pkce.ChallengeFor(verifier), email);
    }
}
