using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Domain.Integrations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Integrations.GetMyConnections;

internal sealed class GetMyConnectionsHandler(IApplicationDbContext db, ICurrentUser currentUser, ProviderCatalog catalog)
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
            .Select(c => new { c.Provider, c.Status, c.AccountEmail, c.Scopes, c.ConnectedAtUtc, c.LastRefreshedAtUtc, c.LastError, c.ReceivesInvites })
            .ToListAsync(cancellationToken);
        var invites = InviteCalendars.Pick(connections.Where(c => catalog.OffersCalendar(c.Provider)), c => c.Status, c => c.ReceivesInvites, c => c.ConnectedAtUtc);

        return catalog.Providers
            .Select(provider =>
            {
                var c = connections.FirstOrDefault(x => x.Provider == provider.Key);
                if (c is null)
                {
                    return new ConnectionItem(provider, ConnectionState.NotConnected, null, [], null, null, null, ReceivesInvites: false);
                }

                var state = c.Status switch
                {
                    ConnectionStatus.Active => ConnectionState.Connected,
                    ConnectionStatus.ReconnectNeeded => ConnectionState.ReconnectNeeded,
                    _ => ConnectionState.Disconnected,
                };
                return new ConnectionItem(provider, state, c.AccountEmail,
                    c.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), c.ConnectedAtUtc, c.LastRefreshedAtUtc,
                    state == ConnectionState.ReconnectNeeded ? c.LastError : null,
                    ReceivesInvites: ReferenceEquals(c, invites));
            })
            .ToList();
    }
}
