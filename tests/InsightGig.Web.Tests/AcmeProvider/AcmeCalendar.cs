using System.Globalization;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Integrations;

namespace InsightGig.Web.Tests.AcmeProvider;

/// <summary>Acme's calendar: events with the ids InsightGig chooses (a second insert of one answers Conflict).</summary>
internal sealed class AcmeCalendar(AcmeCloud cloud, IAccessTokenSource tokens) : ICalendarProvider
{
    private static int _etag;

    public string Provider => AcmeProvider.Key;

    public string DisplayName => AcmeProvider.Descriptor.ServiceName;

    public async Task<ProviderResult<CalendarEventDetails>> CreateEventAsync(Guid organizerId, CalendarEventRequest request, CancellationToken cancellationToken)
    {
        if (await RefusedAsync(organizerId, cancellationToken) is { } failure)
        {
            return failure;
        }

        if (cloud.Events.ContainsKey(request.EventId))
        {
            return new ProviderFailure(Provider, ProviderFailureKind.Conflict, "The event already exists.");
        }

        return ProviderResult<CalendarEventDetails>.Ok(Details(cloud.Events[request.EventId] = Event(request)));
    }

    public async Task<ProviderResult<CalendarEventDetails>> GetEventAsync(Guid organizerId, string eventId, CancellationToken cancellationToken) =>
        await RefusedAsync(organizerId, cancellationToken) is { } failure ? failure
            : cloud.Events.TryGetValue(eventId, out var found) ? ProviderResult<CalendarEventDetails>.Ok(Details(found))
            : new ProviderFailure(Provider, ProviderFailureKind.NotFound, "No such event.");

    public async Task<ProviderResult<CalendarEventDetails>> UpdateEventAsync(Guid organizerId, CalendarEventRequest request, CancellationToken cancellationToken)
    {
        if (await RefusedAsync(organizerId, cancellationToken) is { } failure)
        {
            return failure;
        }

        if (!cloud.Events.TryGetValue(request.EventId, out var existing) || existing.Deleted)
        {
            return new ProviderFailure(Provider, ProviderFailureKind.NotFound, "No such event.");
        }

        return ProviderResult<CalendarEventDetails>.Ok(Details(cloud.Events[request.EventId] = Event(request)));
    }

    public async Task<ProviderResult<Done>> DeleteEventAsync(Guid organizerId, string eventId, CancellationToken cancellationToken)
    {
        if (await RefusedAsync(organizerId, cancellationToken) is { } failure)
        {
            return failure;
        }

        if (cloud.Events.TryGetValue(eventId, out var existing))
        {
            cloud.Events[eventId] = existing with { Deleted = true };
        }

        return ProviderResult<Done>.Ok(Done.Value);
    }

    public Task<ProviderResult<CalendarChanges>> ListChangesAsync(Guid organizerId, string? syncToken, DateTimeOffset fullSyncFromUtc, CancellationToken cancellationToken) =>
        Task.FromResult(ProviderResult<CalendarChanges>.Ok(new CalendarChanges([], "acme-sync")));

    public Task<ProviderResult<CalendarChannel>> WatchChangesAsync(Guid organizerId, CalendarChannelRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(ProviderResult<CalendarChannel>.Fail(new ProviderFailure(Provider, ProviderFailureKind.Rejected, "Acme does not push changes.")));

    public Task<ProviderResult<Done>> StopWatchingAsync(Guid organizerId, string channelId, string resourceId, CancellationToken cancellationToken) =>
        Task.FromResult(ProviderResult<Done>.Ok(Done.Value));

    /// <summary>Acme keeps no attendee copies of invitations: an answer stays in InsightGig.</summary>
    public Task<ProviderResult<Done>> RespondAsAttendeeAsync(Guid attendeeId, string iCalUid, Domain.Meetings.ResponseStatus response, CancellationToken cancellationToken) =>
        Task.FromResult(ProviderResult<Done>.Fail(new ProviderFailure(Provider, ProviderFailureKind.NotFound, "Acme Calendar keeps no copies of invitations.")));

    private static AcmeEvent Event(CalendarEventRequest request) =>
        new(request.EventId, request.Title, request.Location, request.StartUtc, request.EndUtc, [.. request.Attendees.Select(a => a.Email)],
            Interlocked.Increment(ref _etag).ToString(CultureInfo.InvariantCulture));

    private static CalendarEventDetails Details(AcmeEvent e) =>
        new(e.Id, e.Deleted ? "cancelled" : "confirmed", null, ConferenceStatus.None, null, e.StartUtc, e.EndUtc, e.ETag, []);

    private async Task<ProviderFailure?> RefusedAsync(Guid organizerId, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAccessTokenAsync(organizerId, AcmeProvider.Key, cancellationToken);
        return token.IsSuccess ? null : token.Failure;
    }
}
