using Mediator;

namespace InsightGig.Application.Integrations.GetMyConnections;

/// <summary>The signed-in user's link to every provider InsightGig supports, connected or not.</summary>
public sealed record GetMyConnectionsQuery : IQuery<IReadOnlyList<ConnectionItem>>;

public enum ConnectionState
{
    NotConnected,
    Connected,
    ReconnectNeeded,
    Disconnected,
}

public sealed record ConnectionItem(
    string Provider,
    string DisplayName,
    ConnectionState State,
    string? AccountEmail,
    IReadOnlyList<string> Scopes,
    DateTimeOffset? ConnectedAtUtc,
    DateTimeOffset? LastRefreshedAtUtc,
    string? Problem)
{
    public bool IsConnected => State == ConnectionState.Connected;

    public bool ReconnectNeeded => State == ConnectionState.ReconnectNeeded;
}
