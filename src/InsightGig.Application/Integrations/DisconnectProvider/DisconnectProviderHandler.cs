using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Linking;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Common;
using InsightGig.Domain.Integrations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Integrations.DisconnectProvider;

internal sealed class DisconnectProviderHandler(
    IApplicationDbContext db,
    ICurrentUser currentUser,
    IEnumerable<IOAuthAccountLinker> linkers,
    ITokenProtector protector,
    TimeProvider clock) : ICommandHandler<DisconnectProviderCommand, Result<Disconnected>>
{
    public async ValueTask<Result<Disconnected>> Handle(DisconnectProviderCommand command, CancellationToken cancellationToken)
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

        var connection = await db.ProviderConnections.FirstOrDefaultAsync(c => c.PersonId == personId && c.Provider == linker.Provider, cancellationToken);
        if (connection is null || connection.Status == ConnectionStatus.Disconnected)
        {
            // Already gone: disconnecting twice is not an error.
            return new Disconnected(linker.Provider, RevokedAtProvider: true);
        }

        var token = connection.ProtectedRefreshToken ?? connection.ProtectedAccessToken;
        var clearToken = token is null ? null : protector.Unprotect(token);
        var revoked = clearToken is null || (await linker.RevokeAsync(clearToken, cancellationToken)).IsSuccess;

        connection.Disconnect(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return new Disconnected(linker.Provider, revoked);
    }
}
