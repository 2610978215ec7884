namespace InsightGig.Domain.Integrations;

/// <summary>
/// A working connection stopped working because of the provider (its grant was refused or revoked): its owner must link
/// again. Raised once per incident, when an active connection turns so; <see cref="Incident"/> tells incidents apart.
/// </summary>
public sealed record ConnectionLost(Guid ConnectionId, Guid PersonId, string Provider, int Incident);
