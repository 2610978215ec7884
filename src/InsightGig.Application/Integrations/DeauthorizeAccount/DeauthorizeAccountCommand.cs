using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Integrations.DeauthorizeAccount;

/// <summary>
/// A provider told us (a signed deauthorization webhook) that a user removed InsightGig from their account there: delete
/// that account's tokens and mark its connections disconnected, as provider marketplaces require. Sent by the provider
/// unit's webhook only after the signature was verified.
/// </summary>
/// <param name="ExternalAccountId">The provider's id of the account (<c>ProviderConnection.ExternalAccountId</c>).</param>
public sealed record DeauthorizeAccountCommand(string Provider, string ExternalAccountId) : ICommand<Result<int>>;
