using InsightGig.Application.Integrations.Linking;
using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Integrations.CompleteAccountLink;

/// <summary>
/// A provider's OAuth callback, for every provider: links the account if the provider's own rule
/// (<c>IOAuthAccountLinker.CheckAccount</c>) keeps it.
/// </summary>
/// <param name="Error">The provider's <c>error</c> parameter (for example <c>access_denied</c>).</param>
public sealed record CompleteAccountLinkCommand(string Provider, string State, string? Code, string? Error) : ICommand<Result<AccountLinked>>;
