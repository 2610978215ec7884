using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Integrations.DeauthorizeZoomUser;

/// <summary>
/// Zoom told us (app_deauthorized webhook) that a user removed InsightGig from their Zoom account: delete that user's
/// Zoom tokens and mark the connection disconnected, as the Zoom Marketplace requires. Sent only after the webhook's
/// signature was verified.
/// </summary>
public sealed record DeauthorizeZoomUserCommand(string ZoomUserId) : ICommand<Result<int>>;
