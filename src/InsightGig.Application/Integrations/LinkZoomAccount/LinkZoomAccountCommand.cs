using InsightGig.Application.Integrations.Linking;
using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Integrations.LinkZoomAccount;

/// <summary>Zoom's OAuth callback: links the Zoom account, only if its email is the user's InsightGig email.</summary>
/// <param name="Error">The provider's <c>error</c> parameter (for example <c>access_denied</c>).</param>
public sealed record LinkZoomAccountCommand(string State, string? Code, string? Error) : ICommand<Result<AccountLinked>>;
