using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Integrations.StartAccountLink;

/// <summary>
/// Begins linking an account: records the OAuth state and PKCE verifier for the signed-in user and answers the
/// provider's consent URL to send the browser to.
/// </summary>
/// <param name="RedirectUri">This app's callback URL for the provider, exactly as registered with it.</param>
/// <param name="ReturnUrl">The local page to come back to afterwards.</param>
public sealed record StartAccountLinkCommand(string Provider, Uri RedirectUri, string? ReturnUrl) : ICommand<Result<Uri>>;
