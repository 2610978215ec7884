namespace InsightGig.Application.Integrations.Ports;

/// <summary>
/// Reads several people's busy ranges at once, each with their own calendar connection, in parallel and within a
/// deadline. Each answer stands alone: one calendar failing or slow does not hold up the others.
/// </summary>
public interface IFreeBusyReader
{
    Task<IReadOnlyList<FreeBusyAnswer>> ReadAsync(
        IReadOnlyList<FreeBusyAsk> asks, DateTimeOffset fromUtc, DateTimeOffset toUtc, TimeSpan deadline, CancellationToken cancellationToken);
}

/// <param name="Provider">The provider key of the person's invite calendar connection ("google").</param>
public sealed record FreeBusyAsk(Guid PersonId, string Provider);

/// <param name="Busy">Null when the calendar failed or did not answer in time (<paramref name="Problem"/> says which).</param>
/// <param name="CalendarName">The calendar's display name ("Google Calendar").</param>
public sealed record FreeBusyAnswer(Guid PersonId, string CalendarName, IReadOnlyList<BusyRange>? Busy, string? Problem);
