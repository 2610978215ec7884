using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Integrations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Integrations.GetMyConnections;

internal sealed class GetMyConnectionsHandler(IApplicationDbContext db, ICurrentUser currentUser, IEnumerable<IOAuthAccountLinker> linkers)
    : IQueryHandler<GetMyConnectionsQuery, IReadOnlyList<ConnectionItem>>
{
    public async ValueTask<IReadOnlyList<ConnectionItem>> Handle(GetMyConnectionsQuery query, CancellationToken cancellationToken)
    {
        if (currentUser.PersonId is not { } personId)
        {
            return [];
        }

        var connections = await db.ProviderConnections.AsNoTracking()
            .Where(c => c.PersonId == personId)
            .Select(c => new { c.Provider, c.Status, c.AccountEmail, c.Scopes, c.ConnectedAtUtc, c.LastRefreshedAtUtc, c.LastError })
            .ToListAsync(cancellationToken);

        return linkers
            .Select(linker =>
            {
                var c = connections.FirstOrDefault(x => x.Provider == linker.Provider);
                if (c is null)
                {
                    return new ConnectionItem(linker.Provider, linker.DisplayName, ConnectionState.NotConnected, null, [], null, null, null);
                }

                var state = c.Status switch
                {
                    ConnectionStatus.Active => ConnectionState.Connected,
                    ConnectionStatus.ReconnectNeeded => ConnectionState.ReconnectNeeded,
                    _ => ConnectionState.Disconnected,
                };
                return new ConnectionItem(linker.Provider, linker.DisplayName, state, c.AccountEmail,
                    c.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), c.ConnectedAtUtc, c.LastRefreshedAtUtc,
                    state == ConnectionState.ReconnectNeeded ? c.LastError : null);
            })
            .ToList();
    }
}
