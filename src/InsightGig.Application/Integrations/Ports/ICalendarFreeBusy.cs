namespace InsightGig.Application.Integrations.Ports;

/// <summary>
/// Reads when a person is busy in the calendar they connected, with their own connection. Only busy time ranges are read:
/// never titles or attendees. One adapter per calendar provider (Google <c>freeBusy.query</c>; Outlook <c>getSchedule</c>).
/// </summary>
public interface ICalendarFreeBusy
{
    /// <summary>The account provider key whose connection this adapter uses ("google").</summary>
    string Provider { get; }

    string DisplayName { get; }

    /// <summary>The person's busy ranges overlapping [<paramref name="fromUtc"/>, <paramref name="toUtc"/>).</summary>
    Task<ProviderResult<IReadOnlyList<BusyRange>>> GetBusyAsync(Guid personId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken);
}

public sealed record BusyRange(DateTimeOffset StartUtc, DateTimeOffset EndUtc);
