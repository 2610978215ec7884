using InsightGig.Application.Integrations.Linking;
using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Integrations.ConnectGoogleCalendar;

/// <summary>Google's OAuth callback for "Connect Calendar": links the Google account if calendar access was granted.</summary>
public sealed record ConnectGoogleCalendarCommand(string State, string? Code, string? Error) : ICommand<Result<AccountLinked>>;
