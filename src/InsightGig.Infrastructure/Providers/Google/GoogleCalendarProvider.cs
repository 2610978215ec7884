using System.Globalization;
using System.Net;
using Google;
using Google.Apis.Requests;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Integrations;
using InsightGig.Infrastructure.Providers.Google.Calendar;
using InsightGig.Infrastructure.Providers.Http;
using InsightGig.Infrastructure.Providers.Quotas;
using Microsoft.Extensions.Logging;

namespace InsightGig.Infrastructure.Providers.Google;

/// <summary>
/// The organizer's primary Google Calendar: events with the id we chose (a retried insert answers 409, never a second event),
/// invites sent by Google (<c>sendUpdates=all</c>), and a Google Meet conference when asked.
/// </summary>
public sealed partial class GoogleCalendarProvider(
    CalendarService calendar,
    IAccessTokenSource tokens,
    ProviderQuotaGate quotas,
    ILogger<GoogleCalendarProvider> logger) : ICalendarProvider, ICalendarFreeBusy, IQuotaGatedFreeBusy
{
    public const string PrimaryCalendar = "primary";

    /// <summary>Conference solution type of Google Meet.</summary>
    public const string GoogleMeet = "hangoutsMeet";

    public const string CalendarDisplayName = "Google Calendar";

    public string Provider => GoogleProvider.Key;

    public string DisplayName => CalendarDisplayName;

    /// <summary>What <see cref="GetBusyAsync"/> takes (through <see cref="CallAsync"/>), so a search can take its calendars' permits at once.</summary>
    IReadOnlyList<ProviderQuota> IQuotaGatedFreeBusy.FreeBusyQuotas => GoogleQuotas.Call;

    public async Task<ProviderResult<CalendarEventDetails>> CreateEventAsync(Guid organizerId, CalendarEventRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await CallAsync(
            organizerId,
            "insert event",
            service =>
            {
                var insert = service.Events.Insert(EventBody(request, withId: true), PrimaryCalendar);
                insert.SendUpdates = request.NotifyAttendees ? SendUpdatesValues.All : SendUpdatesValues.None;
                insert.ConferenceDataVersion = request.CreateConference ? 1 : null;
                return insert;
            },
            retrySafe: true, // our event id makes a repeated insert a 409, never a second event
            cancellationToken);
        return result.IsSuccess ? Details(result.Value!, request) : result.Failure!;
    }

    /// <summary>freeBusy.query on the person's primary calendar (a read: safe to retry). Only busy ranges come back.</summary>
    public async Task<ProviderResult<IReadOnlyList<BusyRange>>> GetBusyAsync(Guid personId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        var body = new FreeBusyRequest
        {
            TimeMin = Rfc3339(fromUtc),
            TimeMax = Rfc3339(toUtc),
            Items = [new FreeBusyRequestItem { Id = PrimaryCalendar }],
        };
        var result = await CallAsync(personId, "query free/busy", service => service.Freebusy.Query(body), retrySafe: true, cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Failure!;
        }

        if (result.Value!.Calendars?.TryGetValue(PrimaryCalendar, out var primary) != true || primary is null || primary.Errors is { Count: > 0 })
        {
            return new ProviderFailure(Provider, ProviderFailureKind.Transient, $"{DisplayName} could not say when this person is busy.");
        }

        var busy = new List<BusyRange>();
        foreach (var period in primary.Busy ?? [])
        {
            if (!DateTimeOffset.TryParse(period.Start, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                || !DateTimeOffset.TryParse(period.End, CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            {
                return ProviderCallFailures.UnreadableAnswer(Provider, DisplayName);
            }

            busy.Add(new BusyRange(start.ToUniversalTime(), end.ToUniversalTime()));
        }

        return ProviderResult<IReadOnlyList<BusyRange>>.Ok(busy);
    }

    private static string Rfc3339(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public async Task<ProviderResult<CalendarEventDetails>> GetEventAsync(Guid organizerId, string eventId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        var result = await CallAsync(organizerId, "get event", service => service.Events.Get(PrimaryCalendar, eventId), retrySafe: true, cancellationToken);
        return result.IsSuccess ? Details(result.Value!, null) : result.Failure!;
    }

    public async Task<ProviderResult<CalendarEventDetails>> UpdateEventAsync(Guid organizerId, CalendarEventRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await CallAsync(
            organizerId,
            "patch event",
            service =>
            {
                var patch = service.Events.Patch(EventBody(request, withId: false), PrimaryCalendar, request.EventId);
                patch.SendUpdates = request.NotifyAttendees ? SendUpdatesValues.All : SendUpdatesValues.None;
                patch.ConferenceDataVersion = request.CreateConference ? 1 : null;
                return patch;
            },
            retrySafe: true,
            cancellationToken);
        return result.IsSuccess ? Details(result.Value!, request) : result.Failure!;
    }

    public async Task<ProviderResult<Done>> DeleteEventAsync(Guid organizerId, string eventId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        var result = await CallAsync(
            organizerId,
            "delete event",
            service =>
            {
                var delete = service.Events.Delete(PrimaryCalendar, eventId);
                delete.SendUpdates = SendUpdatesValues.All;
                return delete;
            },
            retrySafe: true,
            cancellationToken);
        return result.IsSuccess || result.Failure!.Kind == ProviderFailureKind.NotFound
            ? ProviderResult<Done>.Ok(Done.Value)
            : result.Failure!;
    }

    /// <summary>Events per page of <c>events.list</c> (Calendar's default; at most 2500).</summary>
    internal const int ListPageSize = 250;

    /// <summary>More pages than this in one listing is not a calendar InsightGig can follow; the listing stops and is retried later.</summary>
    internal const int MaxListPages = 200;

    /// <summary>Calendar's <c>410 Gone</c> on a listing: the sync token (or a page token of an incremental listing) expired.</summary>
    private static readonly ProviderFailure FullSyncRequired =
        GoogleApiFailures.Fail(ProviderFailureKind.NotFound, "The calendar's sync token expired; a full sync is required.");

    public async Task<ProviderResult<CalendarChanges>> ListChangesAsync(Guid organizerId, string? syncToken, DateTimeOffset fullSyncFromUtc, CancellationToken cancellationToken)
    {
        var events = new List<CalendarEventChange>();
        string? pageToken = null;
        for (var page = 0; page < MaxListPages; page++)
        {
            var result = await CallAsync(
                organizerId,
                "list events",
                service =>
                {
                    var list = service.Events.List(PrimaryCalendar);
                    list.MaxResults = ListPageSize;
                    list.PageToken = pageToken;
                    if (syncToken is not null)
                    {
                        // Incremental: deleted events are always included; no time bounds may be given with a sync token.
                        list.SyncToken = syncToken;
                    }
                    else
                    {
                        list.ShowDeleted = true;
                        list.TimeMin = Rfc3339(fullSyncFromUtc, "UTC");
                    }

                    return list;
                },
                retrySafe: true,
                cancellationToken,
                classify: exception => exception.HttpStatusCode == HttpStatusCode.Gone ? FullSyncRequired : null);
            if (!result.IsSuccess)
            {
                return ReferenceEquals(result.Failure, FullSyncRequired) ? ProviderResult<CalendarChanges>.Ok(CalendarChanges.MustResync) : result.Failure!;
            }

            events.AddRange((result.Value!.Items ?? []).Where(e => !string.IsNullOrEmpty(e.Id)).Select(Change));
            pageToken = result.Value.NextPageToken;
            if (string.IsNullOrEmpty(pageToken))
            {
                return string.IsNullOrEmpty(result.Value.NextSyncToken)
                    ? ProviderCallFailures.UnreadableAnswer(Provider, DisplayName)
                    : ProviderResult<CalendarChanges>.Ok(new CalendarChanges(events, result.Value.NextSyncToken));
            }
        }

        LogTooManyPages(logger, MaxListPages);
        return GoogleApiFailures.Fail(ProviderFailureKind.Transient, "Google Calendar listed more changes than InsightGig reads at once; it will try again later.");
    }

    public async Task<ProviderResult<CalendarChannel>> WatchChangesAsync(Guid organizerId, CalendarChannelRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new Channel
        {
            Id = request.ChannelId,
            Type = "web_hook",
            Address = request.Address.AbsoluteUri,
            Token = request.Token,
            Expiration = request.ExpiresAtUtc.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        };
        // Not retried by the HTTP pipeline: a second watch with the same channel id is refused, not deduplicated.
        var result = await CallAsync(organizerId, "watch events", service => service.Events.Watch(body, PrimaryCalendar), retrySafe: false, cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Failure!;
        }

        var channel = result.Value!;
        return string.IsNullOrEmpty(channel.ResourceId)
            || !long.TryParse(channel.Expiration, NumberStyles.Integer, CultureInfo.InvariantCulture, out var expiresMs)
                ? ProviderCallFailures.UnreadableAnswer(Provider, DisplayName)
                : ProviderResult<CalendarChannel>.Ok(new CalendarChannel(channel.Id ?? request.ChannelId, channel.ResourceId, DateTimeOffset.FromUnixTimeMilliseconds(expiresMs)));
    }

    public async Task<ProviderResult<Done>> StopWatchingAsync(Guid organizerId, string channelId, string resourceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        ArgumentException.ThrowIfNullOrEmpty(resourceId);
        var result = await CallAsync(organizerId, "stop channel", service => service.Channels.Stop(new Channel { Id = channelId, ResourceId = resourceId }),
            retrySafe: true, cancellationToken);
        return result.IsSuccess || result.Failure!.Kind == ProviderFailureKind.NotFound
            ? ProviderResult<Done>.Ok(Done.Value)
            : result.Failure!;
    }

    /// <summary>
    /// The attendee's copy of the invitation in their own primary calendar (<c>events.list</c> by <c>iCalUID</c>), patched
    /// with their own attendee entry's <c>responseStatus</c> (the whole attendee list is sent, as a PATCH replaces it; a guest
    /// can change only their own answer). An answer the copy already carries is not sent again.
    /// </summary>
    public async Task<ProviderResult<Done>> RespondAsAttendeeAsync(Guid attendeeId, string iCalUid, Domain.Meetings.ResponseStatus response, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(iCalUid);
        var wanted = response switch
        {
            Domain.Meetings.ResponseStatus.Accepted => "accepted",
            Domain.Meetings.ResponseStatus.Declined => "declined",
            Domain.Meetings.ResponseStatus.Tentative => "tentative",
            _ => throw new ArgumentOutOfRangeException(nameof(response), response, "Only an answer can be recorded."),
        };
        var found = await CallAsync(attendeeId, "find invitation", service =>
        {
            var list = service.Events.List(PrimaryCalendar);
            list.ICalUID = iCalUid;
            return list;
        }, retrySafe: true, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Failure!;
        }

        var copy = (found.Value!.Items ?? []).FirstOrDefault(e => !string.IsNullOrEmpty(e.Id) && e.Status != "cancelled");
        var self = copy?.Attendees?.FirstOrDefault(a => a.Self == true && a.Organizer != true);
        if (copy is null || self is null)
        {
            return GoogleApiFailures.Fail(ProviderFailureKind.NotFound, "This invitation is not in the participant's Google Calendar.");
        }

        if (self.ResponseStatus == wanted)
        {
            return ProviderResult<Done>.Ok(Done.Value);
        }

        var body = new Event
        {
            Attendees = [.. copy.Attendees!.Select(a => new EventAttendee
            {
                Email = a.Email,
                DisplayName = a.DisplayName,
                Optional = a.Optional,
                ResponseStatus = ReferenceEquals(a, self) ? wanted : a.ResponseStatus,
            })],
        };
        // Setting an answer is idempotent, so a retried PATCH is safe.
        var patched = await CallAsync(attendeeId, "answer invitation", service => service.Events.Patch(body, PrimaryCalendar, copy.Id!), retrySafe: true, cancellationToken);
        return patched.IsSuccess ? ProviderResult<Done>.Ok(Done.Value) : patched.Failure!;
    }

    private static CalendarEventChange Change(Event calendarEvent) => new(
        calendarEvent.Id!,
        calendarEvent.Status ?? "confirmed",
        Instant(calendarEvent.Start),
        Instant(calendarEvent.End),
        calendarEvent.ETag,
        calendarEvent.Sequence,
        Attendees(calendarEvent));

    private static CalendarAttendeeStatus[] Attendees(Event calendarEvent) =>
        [.. (calendarEvent.Attendees ?? [])
            .Where(a => !string.IsNullOrEmpty(a.Email))
            .Select(a => new CalendarAttendeeStatus(a.Email!, a.ResponseStatus ?? "needsAction"))];

    /// <summary>
    /// The event as we send it (<paramref name="withId"/>: an insert): times in RFC 3339 at the organizer's offset, with the
    /// organizer's zone. An update leaves an existing conference alone when none is asked for.
    /// </summary>
    internal static Event EventBody(CalendarEventRequest request, bool withId) => new()
    {
        Id = withId ? request.EventId : null,
        Summary = request.Title,
        Description = request.Description,
        // A PATCH keeps fields it does not send: an update sends an empty location to clear an old one.
        Location = string.IsNullOrWhiteSpace(request.Location) ? (withId ? null : string.Empty) : request.Location,
        Start = new EventDateTime { DateTimeRaw = Rfc3339(request.StartUtc, request.TimeZoneId), TimeZone = request.TimeZoneId },
        End = new EventDateTime { DateTimeRaw = Rfc3339(request.EndUtc, request.TimeZoneId), TimeZone = request.TimeZoneId },
        Attendees = [.. request.Attendees.Select(a => new EventAttendee { Email = a.Email, DisplayName = a.DisplayName })],
        // Always sent, true or false: a PATCH keeps a field it does not send, so showing the list again must say so.
        GuestsCanSeeOtherGuests = !request.HideGuestList,
        ConferenceData = request.CreateConference
            ? new ConferenceData
            {
                // The event id as request id: asking again (a retry, an update) asks for the same conference.
                CreateRequest = new CreateConferenceRequest
                {
                    RequestId = request.EventId,
                    ConferenceSolutionKey = new ConferenceSolutionKey { Type = GoogleMeet },
                },
            }
            : null,
    };

    /// <summary><c>2026-03-02T10:00:00+01:00</c>: the instant at the zone's offset (UTC when the zone is unknown here).</summary>
    internal static string Rfc3339(DateTimeOffset instant, string timeZoneId)
    {
        var local = TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone)
            ? TimeZoneInfo.ConvertTime(instant, zone)
            : instant.ToUniversalTime();
        return local.Offset == TimeSpan.Zero
            ? local.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    internal static (ConferenceStatus Status, string? JoinUrl) Conference(Event calendarEvent)
    {
        var data = calendarEvent.ConferenceData;
        var joinUrl = data?.EntryPoints?.FirstOrDefault(e => e.EntryPointType == "video" && !string.IsNullOrEmpty(e.Uri))?.Uri
            ?? (string.IsNullOrEmpty(calendarEvent.HangoutLink) ? null : calendarEvent.HangoutLink);
        var status = data?.CreateRequest?.Status?.StatusCode switch
        {
            "pending" => ConferenceStatus.Pending,
            "failure" => ConferenceStatus.Failed,
            "success" => joinUrl is null ? ConferenceStatus.Pending : ConferenceStatus.Ready,
            _ => joinUrl is null ? ConferenceStatus.None : ConferenceStatus.Ready,
        };
        return (status, status == ConferenceStatus.Ready ? joinUrl : null);
    }

    private ProviderResult<CalendarEventDetails> Details(Event calendarEvent, CalendarEventRequest? sent)
    {
        var start = Instant(calendarEvent.Start) ?? sent?.StartUtc;
        var end = Instant(calendarEvent.End) ?? sent?.EndUtc;
        var id = calendarEvent.Id ?? sent?.EventId;
        if (id is null || start is null || end is null)
        {
            return ProviderCallFailures.UnreadableAnswer(Provider, DisplayName);
        }

        var (conferenceStatus, joinUrl) = Conference(calendarEvent);
        return ProviderResult<CalendarEventDetails>.Ok(new CalendarEventDetails(
            id,
            calendarEvent.Status ?? "confirmed",
            calendarEvent.HtmlLink,
            conferenceStatus,
            joinUrl,
            start.Value,
            end.Value,
            calendarEvent.ETag,
            Attendees(calendarEvent),
            calendarEvent.ICalUID));
    }

    private static DateTimeOffset? Instant(EventDateTime? time)
    {
        if (time?.DateTimeRaw is { Length: > 0 } raw
            && DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant.ToUniversalTime();
        }

        if (time?.Date is { Length: > 0 } date
            && DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        return null;
    }

    /// <summary>
    /// Runs one Calendar request with the organizer's token. A 401 gets one forced refresh (when the token source can do
    /// it) and one more try; a refresh refused with <c>invalid_grant</c> comes back as ReconnectNeeded from the token source.
    /// </summary>
    /// <param name="classify">Answers its own failure for errors the caller reads differently (e.g. 410 on a listing); null: the usual mapping.</param>
    private async Task<ProviderResult<T>> CallAsync<T>(
        Guid organizerId, string operation, Func<CalendarService, ClientServiceRequest<T>> createRequest, bool retrySafe, CancellationToken cancellationToken,
        Func<GoogleApiException, ProviderFailure?>? classify = null)
    {
        // Within Google's quotas before the call, not after a 429.
        if (await quotas.AcquireAsync(GoogleQuotas.Call, organizerId, cancellationToken) is { } refused)
        {
            return refused;
        }

        var token = await tokens.GetAccessTokenAsync(organizerId, Provider, cancellationToken);
        var refreshedAfter401 = false;
        while (true)
        {
            if (!token.IsSuccess)
            {
                return token.Failure!;
            }

            var capture = new GoogleAnswerCapture();
            var request = createRequest(calendar);
            request.Credential = new BearerTokenInterceptor(token.Value!);
            request.ModifyRequest = message =>
            {
                message.Options.Set(GoogleAnswerCapture.Key, capture);
                if (retrySafe)
                {
                    message.Options.Set(ProviderHttpResilience.RetrySafe, true);
                }
            };
            try
            {
                var answer = await request.ExecuteAsync(cancellationToken);
                return ProviderResult<T>.Ok(answer);
            }
            catch (GoogleApiException exception) when (exception.HttpStatusCode == HttpStatusCode.Unauthorized
                && !refreshedAfter401 && tokens is IAccessTokenRefresher refresher)
            {
                LogRetryingAfter401(logger, operation);
                refreshedAfter401 = true;
                token = await refresher.RefreshRejectedTokenAsync(organizerId, Provider, token.Value!, cancellationToken);
            }
            catch (GoogleApiException exception)
            {
                var failure = classify?.Invoke(exception) ?? GoogleApiFailures.From(exception, capture.RetryAfter);
                LogApiFailure(logger, operation, (int)exception.HttpStatusCode, failure.Kind);
                return failure;
            }
            catch (Newtonsoft.Json.JsonException)
            {
                return ProviderCallFailures.UnreadableAnswer(Provider, DisplayName);
            }
            catch (Exception exception) when (ProviderCallFailures.IsTransport(exception, cancellationToken))
            {
                LogTransport(logger, operation, exception.GetType().Name);
                return ProviderCallFailures.Transport(Provider, DisplayName, exception);
            }
        }
    }

    [LoggerMessage(EventId = 4310, Level = LogLevel.Information, Message = "Google Calendar {Operation} answered 401; renewing the token and trying once more")]
    private static partial void LogRetryingAfter401(ILogger logger, string operation);

    [LoggerMessage(EventId = 4311, Level = LogLevel.Warning, Message = "Google Calendar {Operation} answered {Status} ({Kind})")]
    private static partial void LogApiFailure(ILogger logger, string operation, int status, ProviderFailureKind kind);

    [LoggerMessage(EventId = 4313, Level = LogLevel.Warning, Message = "Google Calendar listed more than {Pages} pages of changes; stopping and trying again later")]
    private static partial void LogTooManyPages(ILogger logger, int pages);

    [LoggerMessage(EventId = 4312, Level = LogLevel.Warning, Message = "Google Calendar {Operation} got no answer ({Exception})")]
    private static partial void LogTransport(ILogger logger, string operation, string exception);
}
