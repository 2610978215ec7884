using InsightGig.Application.Integrations.Linking;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Integrations.ConnectGoogleCalendar;

internal sealed class ConnectGoogleCalendarHandler(AccountLinkCompleter completer) : ICommandHandler<ConnectGoogleCalendarCommand, Result<AccountLinked>>
{
    private static readonly string[] CalendarScopes =
    [
        "https://www.googleapis.com/auth/calendar",
        "https://www.googleapis.com/auth/calendar.events",
    ];

    public async ValueTask<Result<AccountLinked>> Handle(ConnectGoogleCalendarCommand command, CancellationToken cancellationToken) =>
        await completer.CompleteAsync(ProviderKeys.Google, command.State, command.Code, command.Error, RequireCalendarAccess, cancellationToken);

    /// <summary>Google lets people untick scopes on the consent screen; without calendar access there is nothing to link.</summary>
    private static Error? RequireCalendarAccess(LinkCandidate candidate) =>
        candidate.Tokens.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Intersect(CalendarScopes, StringComparer.Ordinal).Any()
            ? null
            : Error.Validation("link.google_calendar_scope_missing",
                "InsightGig needs permission to view and edit your calendar events to send invites. Nothing was linked: connect again and allow calendar access.");
}
