using InsightGig.Application.Common.Interfaces;
using InsightGig.Domain.Common;
using InsightGig.Domain.Integrations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Integrations.DeauthorizeAccount;

/// <summary>Answers how many connections were disconnected (0 when we never knew that account: still a success).</summary>
internal sealed class DeauthorizeAccountHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<DeauthorizeAccountCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(DeauthorizeAccountCommand command, CancellationToken cancellationToken)
    {
        var connections = await db.ProviderConnections
            .Where(c => c.Provider == command.Provider && c.ExternalAccountId == command.ExternalAccountId && c.Status != ConnectionStatus.Disconnected)
            .ToListAsync(cancellationToken);
        foreach (var connection in connections)
        {
            connection.Deauthorized(clock.GetUtcNow());
        }

        await db.SaveChangesAsync(cancellationToken);
        return connections.Count;
    }
}
