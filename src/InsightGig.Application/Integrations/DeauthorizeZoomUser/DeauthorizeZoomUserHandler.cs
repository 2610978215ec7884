using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Common;
using InsightGig.Domain.Integrations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Integrations.DeauthorizeZoomUser;

/// <summary>Answers how many connections were disconnected (0 when we never knew that Zoom user: still a success).</summary>
internal sealed class DeauthorizeZoomUserHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<DeauthorizeZoomUserCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(DeauthorizeZoomUserCommand command, CancellationToken cancellationToken)
    {
        var connections = await db.ProviderConnections
            .Where(c => c.Provider == ProviderKeys.Zoom && c.ExternalAccountId == command.ZoomUserId && c.Status != ConnectionStatus.Disconnected)
            .ToListAsync(cancellationToken);
        foreach (var connection in connections)
        {
            connection.Disconnect(clock.GetUtcNow());
        }

        await db.SaveChangesAsync(cancellationToken);
        return connections.Count;
    }
}
