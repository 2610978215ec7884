using InsightGig.Application.Integrations.Ports;
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

/// <param name="Descriptor">The provider unit's name, icon, labels and notice.</param>
/// <param name="ReceivesInvites">A calendar: it is the one that receives the person's invites and is read back.</param>
public sealed record ConnectionItem(
    ProviderDescriptor Descriptor,
    ConnectionState State,
    string? AccountEmail,
    IReadOnlyList<string> Scopes,
    DateTimeOffset? ConnectedAtUtc,
    DateTimeOffset? LastRefreshedAtUtc,
    string? Problem,
    bool ReceivesInvites)
{
    public string Provider => Descriptor.Key;

    public string DisplayName => Descriptor.DisplayName;

    /// <summary>A calendar the person could choose for their invites instead of the current one.</summary>
    public bool CanReceiveInvites => Descriptor.OffersCalendar && IsConnected && !ReceivesInvites;

    public bool IsConnected => State == ConnectionState.Connected;

    public bool ReconnectNeeded => State == ConnectionState.ReconnectNeeded;
}
