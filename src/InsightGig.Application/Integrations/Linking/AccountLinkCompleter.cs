using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Domain.Common;
using InsightGig.Domain.Integrations;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Integrations.Linking;

/// <summary>The account that was linked, and where the user wanted to go back to.</summary>
public sealed record AccountLinked(string Provider, string AccountEmail, string ReturnUrl);

/// <summary>
/// The OAuth callback steps every provider shares: check and use up the state, exchange the code with PKCE,
/// read the account, apply the provider's own rule, then store the tokens encrypted. A refused link stores nothing
/// and leaves any earlier connection as it was.
/// </summary>
internal sealed class AccountLinkCompleter(
    IApplicationDbContext db,
    ICurrentUser currentUser,
    IEnumerable<IOAuthAccountLinker> linkers,
    ProviderCatalog catalog,
    ITokenProtector protector,
    TimeProvider clock)
{
    public async Task<Result<AccountLinked>> CompleteAsync(
        string provider, string state, string? code, string? providerError, CancellationToken cancellationToken)
    {
        var linker = linkers.FirstOrDefault(l => l.Provider == provider);
        if (linker is null)
        {
            // A callback for a provider no unit registered: there is no such page.
            return Error.NotFound("provider");
        }

        if (currentUser.PersonId is not { } personId)
        {
            return Error.NotFound("person");
        }

        var attempt = await db.AccountLinkAttempts.FirstOrDefaultAsync(a => a.State == state, cancellationToken);
        if (attempt is null)
        {
            return LinkingErrors.UnknownState();
        }

        var now = clock.GetUtcNow();
        var consumed = attempt.Consume(personId, provider, now);
        if (consumed.IsFailure)
        {
            await db.SaveChangesAsync(cancellationToken);
            return consumed.FirstError;
        }

        // Used up before talking to the provider, so the state cannot be replayed even if what follows fails. A conditional
        // update, not a plain save: of several callbacks with this state at the same moment, exactly one claims it.
        var claimed = await db.AccountLinkAttempts
            .Where(a => a.Id == attempt.Id && a.CompletedAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CompletedAtUtc, now), cancellationToken);
        if (claimed == 0)
        {
            return LinkingErrors.AlreadyUsed();
        }

        var outcome = await ExchangeAndStoreAsync(linker, attempt, personId, code, providerError, cancellationToken);
        attempt.RecordOutcome(outcome.IsSuccess ? "linked" : outcome.FirstError.Code);
        await db.SaveChangesAsync(cancellationToken);
        return outcome;
    }

    private async Task<Result<AccountLinked>> ExchangeAndStoreAsync(
        IOAuthAccountLinker linker, AccountLinkAttempt attempt, Guid personId, string? code, string? providerError, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(providerError))
        {
            return LinkingErrors.Declined(linker.DisplayName);
        }

        if (string.IsNullOrWhiteSpace(code))
        {
            return Error.Validation("link.code_missing", $"{linker.DisplayName} sent no authorization code. Please start linking again.");
        }

        var verifier = protector.Unprotect(attempt.ProtectedCodeVerifier);
        if (verifier is null)
        {
            return LinkingErrors.UnknownState();
        }

        var exchanged = await linker.ExchangeCodeAsync(code, new Uri(attempt.RedirectUri), verifier, cancellationToken);
        if (!exchanged.IsSuccess)
        {
            return LinkingErrors.ProviderFailed(linker.DisplayName, exchanged.Failure!);
        }

        var tokens = exchanged.Value!;
        var account = await linker.GetAccountAsync(tokens.AccessToken, cancellationToken);
        if (!account.IsSuccess)
        {
            await RevokeQuietlyAsync(linker, tokens, cancellationToken);
            return LinkingErrors.ProviderFailed(linker.DisplayName, account.Failure!);
        }

        var person = await db.People.FirstAsync(p => p.Id == personId, cancellationToken);
        if (linker.CheckAccount(new LinkCandidate(person, account.Value!, tokens)) is { } refusal)
        {
            // Give the grant back: we keep nothing of an account we refused.
            await RevokeQuietlyAsync(linker, tokens, cancellationToken);
            return refusal;
        }

        var now = clock.GetUtcNow();
        var protectedTokens = new ProtectedTokens(
            protector.Protect(tokens.AccessToken),
            tokens.RefreshToken is null ? null : protector.Protect(tokens.RefreshToken),
            tokens.ExpiresAtUtc,
            tokens.Scopes);
        var linkedAccount = new ProviderAccount(account.Value!.ExternalId, account.Value.Email);
        var connection = await db.ProviderConnections.FirstOrDefaultAsync(c => c.PersonId == personId && c.Provider == linker.Provider, cancellationToken);
        if (connection is null)
        {
            connection = ProviderConnection.Connect(Guid.NewGuid(), personId, linker.Provider, linkedAccount, protectedTokens, now);
            db.ProviderConnections.Add(connection);
        }
        else
        {
            connection.Relink(linkedAccount, protectedTokens, now);
        }

        // A person's first calendar receives their invites until they choose another on Connected apps.
        var calendarKeys = catalog.Calendars.Select(c => c.Key).ToList();
        if (catalog.OffersCalendar(linker.Provider) && !connection.ReceivesInvites
            && !await db.ProviderConnections.AnyAsync(c => c.PersonId == personId && c.Id != connection.Id && calendarKeys.Contains(c.Provider)
                && (c.ReceivesInvites || c.Status != ConnectionStatus.Disconnected), cancellationToken))
        {
            connection.ChooseForInvites();
        }

        return new AccountLinked(linker.Provider, linkedAccount.Email, attempt.ReturnUrl);
    }

    private static async Task RevokeQuietlyAsync(IOAuthAccountLinker linker, OAuthTokens tokens, CancellationToken cancellationToken) =>
        // Best effort: a failed revoke leaves a grant the user can remove at the provider; nothing is stored on our side either way.
        await linker.RevokeAsync(tokens.RefreshToken ?? tokens.AccessToken, cancellationToken);
}
