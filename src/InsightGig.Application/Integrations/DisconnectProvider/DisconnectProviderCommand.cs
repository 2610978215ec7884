using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Integrations.DisconnectProvider;

/// <summary>Ends the user's link to a provider: revokes the grant there, deletes our tokens, keeps the history row.</summary>
public sealed record DisconnectProviderCommand(string Provider) : ICommand<Result<Disconnected>>;

/// <param name="RevokedAtProvider">False when the provider could not be reached; the tokens are deleted here anyway.</param>
public sealed record Disconnected(string Provider, bool RevokedAtProvider);
