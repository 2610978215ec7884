using System.Globalization;
using System.Net;
using System.Text.Json;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Integrations;
using InsightGig.Infrastructure.Providers.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Me.Calendar.GetSchedule;
using Microsoft.Graph.Me.Events.Item.Accept;
using Microsoft.Graph.Me.Events.Item.Cancel;
using Microsoft.Graph.Me.Events.Item.Decline;
using Microsoft.Graph.Me.Events.Item.TentativelyAccept;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace InsightGig.Infrastructure.Providers.Microsoft365;

/// <summary>
/// The organizer's default Outlook calendar through Microsoft Graph (the official SDK): events made with our id as
/// <c>transactionId</c> (a retried create answers the first event, never a second), invitations sent by Outlook, a Teams
/// meeting when asked (<c>isOnlineMeeting</c> with <c>teamsForBusiness</c>, checked against the calendar's
/// <c>allowedOnlineMeetingProviders</c>), cancellation with the organizer's note, changes read back through
/// <c>calendarView/delta</c> and pushed by change-notification subscriptions, and the person's busy time through
/// <c>getSchedule</c> on their own mailbox.
/// </summary>
public sealed partial class OutlookCalendarProvider(
    GraphClients graph,
    MailboxGate mailboxes,
    IAccessTokenSource tokens,
    IOptions<MicrosoftOptions> options,
    TimeProvider time,
    ILogger<OutlookCalendarProvider> logger) : ICalendarProvider, ICalendarFreeBusy
{
    public const string CalendarDisplayName = "Outlook Calendar";

    /// <summary>How far ahead a full sync reads (calendarView/delta needs a window; a meeting further out is not ours to follow).</summary>
    internal static readonly TimeSpan SyncWindowAhead = TimeSpan.FromDays(730);

    /// <summary>More pages than this in one listing is not a calendar InsightGig can follow; the listing stops and is retried later.</summary>
    internal const int MaxListPages = 200;

    /// <summary>The longest window one <c>getSchedule</c> may ask about (Graph: <c>ErrorTimeIntervalTooBig</c> past 62 days).</summary>
    internal static readonly TimeSpan MaxScheduleWindow = TimeSpan.FromDays(62);

    /// <summary>The shortest window asked about: twice the smallest <c>availabilityViewInterval</c> Graph takes (5 minutes).</summary>
    private static readonly TimeSpan MinScheduleWindow = TimeSpan.FromMinutes(10);

    /// <summary>Graph answers times in UTC when asked, so no zone table is needed to read them.</summary>
    private const string PreferUtc = "outlook.timezone=\"UTC\"";

    public string Provider => MicrosoftProvider.Key;

    public string DisplayName => CalendarDisplayName;

    public async Task<ProviderResult<CalendarEventDetails>> CreateEventAsync(Guid organizerId, CalendarEventRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.CreateConference)
        {
            var allowed = await CallAsync(organizerId, "get calendar", (client, ct) => client.Me.Calendar.GetAsync(
                r => r.QueryParameters.Select = ["allowedOnlineMeetingProviders", "defaultOnlineMeetingProvider"], ct), cancellationToken);
            if (!allowed.IsSuccess)
            {
                return allowed.Failure!;
            }

            if (allowed.Value?.AllowedOnlineMeetingProviders is not { } providers || !providers.Contains(OnlineMeetingProviderType.TeamsForBusiness))
            {
                return GraphFailures.Fail(ProviderFailureKind.Rejected,
                    "Your Microsoft account cannot host Microsoft Teams meetings (a personal Microsoft account cannot). " +
                    "Sign in with a Microsoft 365 work or school account, or choose another platform.");
            }
        }

        var body = EventBody(request, creating: true);
        var created = await CallAsync(organizerId, "create event", (client, ct) => client.Me.Events.PostAsync(body, r =>
        {
            r.Headers.Add("Prefer", PreferUtc);
            r.Options.Add(RetrySafeOption.Instance); // transactionId: Graph answers the first event to a repeated create
        }, ct), cancellationToken);
        return created.IsSuccess ? Details(created.Value, request) : created.Failure!;
    }

    /// <summary>
    /// <c>POST /me/calendar/getSchedule</c> for the person's own mailbox (the linked account's address), in windows of at most
    /// <see cref="MaxScheduleWindow"/> (Graph refuses longer ones with <c>ErrorTimeIntervalTooBig</c>). Only the items' times
    /// and statuses are read: busy, out of office and tentative count as busy (a tentative meeting is one the person may well
    /// attend: offering its time would be a bad suggestion); free, working elsewhere and unknown do not. Subjects and
    /// locations, which Graph sends to the mailbox's owner, are never read or kept. Times come back in UTC (<c>Prefer</c>).
    /// </summary>
    public async Task<ProviderResult<IReadOnlyList<BusyRange>>> GetBusyAsync(Guid personId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        var access = await tokens.GetAccountAccessAsync(personId, Provider, cancellationToken);
        if (!access.IsSuccess)
        {
            return access.Failure!;
        }

        var mailbox = access.Value!.AccountEmail;
        var busy = new List<BusyRange>();
        for (var windowStart = fromUtc; windowStart < toUtc; windowStart += MaxScheduleWindow)
        {
            var windowEnd = toUtc - windowStart > MaxScheduleWindow ? windowStart + MaxScheduleWindow : toUtc;
            var read = await ScheduleAsync(personId, mailbox, windowStart, windowEnd, access.Value.AccessToken, cancellationToken);
            if (!read.IsSuccess)
            {
                return read.Failure!;
            }

            busy.AddRange(read.Value!);
        }

        return ProviderResult<IReadOnlyList<BusyRange>>.Ok(busy);
    }

    private async Task<ProviderResult<List<BusyRange>>> ScheduleAsync(
        Guid personId, string mailbox, DateTimeOffset fromUtc, DateTimeOffset toUtc, string accessToken, CancellationToken cancellationToken)
    {
        // Graph's interval must lie in 5..1,440 minutes and be shorter than the window: a window under 10 minutes is widened
        // (the busy items overlapping it are the same ones, and the slot finder looks only at what it asked about).
        if (toUtc - fromUtc < MinScheduleWindow)
        {
            toUtc = fromUtc + MinScheduleWindow;
        }

        var body = new GetSchedulePostRequestBody
        {
            Schedules = [mailbox],
            StartTime = new DateTimeTimeZone { DateTime = GraphUtc(fromUtc), TimeZone = "UTC" },
            EndTime = new DateTimeTimeZone { DateTime = GraphUtc(toUtc), TimeZone = "UTC" },
            AvailabilityViewInterval = Math.Clamp((int)(toUtc - fromUtc).TotalMinutes / 2, 5, 1440),
        };
        var answered = await CallAsync(personId, "get schedule", async (client, ct) =>
        {
            var request = client.Me.Calendar.GetSchedule.ToPostRequestInformation(body, r =>
            {
                r.Headers.Add("Prefer", PreferUtc);
                r.Options.Add(RetrySafeOption.Instance); // a read
            });
            // The answer is read as JSON, not as the SDK's models: only the id, an error, statuses and times are looked at
            // (subjects are never even read), and 200 items do not become 600 model objects with backing stores (most of this
            // call's CPU when they did: docs/performance.md).
            await using var stream = await client.RequestAdapter.SendPrimitiveAsync<Stream>(request, GraphErrorMapping, ct);
            return stream is null ? null : ReadSchedule(await JsonDocument.ParseAsync(stream, cancellationToken: ct), mailbox);
        }, cancellationToken, firstToken: ProviderResult<string>.Ok(accessToken));
        if (!answered.IsSuccess)
        {
            return answered.Failure!;
        }

        switch (answered.Value)
        {
            case { ErrorCode: { } code }:
                LogScheduleError(logger, code);
                return GraphFailures.Fail(ProviderFailureKind.Transient, $"{DisplayName} could not say when this person is busy ({Clean(code)}).");
            case { Busy: { } busy }:
                return ProviderResult<List<BusyRange>>.Ok(busy);
            default:
                return ProviderCallFailures.UnreadableAnswer(Provider, DisplayName);
        }
    }

    /// <summary>Graph's errors as <see cref="ApiException"/>s (<see cref="Microsoft.Graph.Models.ODataErrors.ODataError"/>), as the SDK's own calls map them.</summary>
    private static readonly Dictionary<string, ParsableFactory<IParsable>> GraphErrorMapping = new()
    {
        ["XXX"] = Microsoft.Graph.Models.ODataErrors.ODataError.CreateFromDiscriminatorValue,
    };

    /// <param name="ErrorCode">The mailbox's <c>error.responseCode</c>, when Graph could not read it.</param>
    /// <param name="Busy">Null when the answer was not of the expected shape.</param>
    private sealed record ScheduleAnswer(string? ErrorCode, List<BusyRange>? Busy);

    /// <summary>
    /// The mailbox's <c>scheduleInformation</c>: busy, out of office and tentative items as busy ranges (statuses compared
    /// without case: Graph's documents show both <c>busy</c> and <c>Busy</c>).
    /// </summary>
    private static ScheduleAnswer ReadSchedule(JsonDocument answer, string mailbox)
    {
        using (answer)
        {
            if (answer.RootElement.ValueKind != JsonValueKind.Object
                || !answer.RootElement.TryGetProperty("value", out var schedules) || schedules.ValueKind != JsonValueKind.Array)
            {
                return new ScheduleAnswer(null, null);
            }

            foreach (var schedule in schedules.EnumerateArray())
            {
                if (schedule.ValueKind != JsonValueKind.Object || !schedule.TryGetProperty("scheduleId", out var id) || id.ValueKind != JsonValueKind.String
                    || !string.Equals(id.GetString(), mailbox, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (schedule.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    return new ScheduleAnswer(
                        error.TryGetProperty("responseCode", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() ?? "unknown" : "unknown", null);
                }

                var busy = new List<BusyRange>();
                if (!schedule.TryGetProperty("scheduleItems", out var items) || items.ValueKind == JsonValueKind.Null)
                {
                    return new ScheduleAnswer(null, busy);
                }

                if (items.ValueKind != JsonValueKind.Array)
                {
                    return new ScheduleAnswer(null, null);
                }

                foreach (var item in items.EnumerateArray())
                {
                    var status = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                    if (!BusyStatuses.Contains(status ?? string.Empty))
                    {
                        continue;
                    }

                    if (Time(item, "start") is not { } start || Time(item, "end") is not { } end)
                    {
                        return new ScheduleAnswer(null, null);
                    }

                    busy.Add(new BusyRange(start, end));
                }

                return new ScheduleAnswer(null, busy);
            }

            return new ScheduleAnswer(null, null);
        }
    }

    /// <summary>The <c>freeBusyStatus</c> values that keep a person busy (tentative too: see <see cref="GetBusyAsync"/>).</summary>
    private static readonly HashSet<string> BusyStatuses = new(["busy", "oof", "tentative"], StringComparer.OrdinalIgnoreCase);

    /// <summary>A <c>dateTimeTimeZone</c> of the answer as an instant (null when missing or unreadable).</summary>
    private static DateTimeOffset? Time(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? Instant(
                value.TryGetProperty("dateTime", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null,
                value.TryGetProperty("timeZone", out var zone) && zone.ValueKind == JsonValueKind.String ? zone.GetString() : null)
            : null;

    /// <summary>Graph's error code as it may appear in a message: letters and digits only, short.</summary>
    private static string Clean(string? code) => code is null ? "no reason given" : new string([.. code.Where(char.IsAsciiLetterOrDigit).Take(60)]);

    private static string GraphUtc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    public async Task<ProviderResult<CalendarEventDetails>> GetEventAsync(Guid organizerId, string eventId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        var got = await CallAsync(organizerId, "get event", (client, ct) => client.Me.Events[eventId].GetAsync(r => r.Headers.Add("Prefer", PreferUtc), ct), cancellationToken);
        return got.IsSuccess ? Details(got.Value, null) : got.Failure!;
    }

    /// <summary>
    /// Outlook gives events ids of its own, and a create whose answer was lost (a timeout, a 5xx after Outlook made it) never
    /// told us this one's: it is found by the <c>transactionId</c> the create carried (our id), which Graph answers with each
    /// event, among the organizer's events in the request's times (<c>calendarView</c>, every page).
    /// </summary>
    public async Task<ProviderResult<string?>> FindEventMadeForAsync(Guid organizerId, CalendarEventRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? next = null;
        for (var page = 0; page < MaxListPages; page++)
        {
            var link = next;
            var listed = await CallAsync(organizerId, "find event", (client, ct) =>
            {
                var view = link is null ? client.Me.CalendarView : client.Me.CalendarView.WithUrl(link);
                return view.GetAsync(r =>
                {
                    if (link is null)
                    {
                        r.QueryParameters.StartDateTime = GraphUtc(request.StartUtc) + "Z";
                        r.QueryParameters.EndDateTime = GraphUtc(request.EndUtc) + "Z";
                        r.QueryParameters.Select = ["id", "transactionId", "isOrganizer"];
                        r.QueryParameters.Top = 50;
                    }
                }, ct);
            }, cancellationToken);
            if (!listed.IsSuccess)
            {
                return listed.Failure!;
            }

            var made = listed.Value?.Value?.FirstOrDefault(e => e.TransactionId == request.EventId && e.IsOrganizer != false && !string.IsNullOrEmpty(e.Id));
            if (made is not null)
            {
                return ProviderResult<string?>.Ok(made.Id);
            }

            if (string.IsNullOrEmpty(listed.Value?.OdataNextLink))
            {
                return ProviderResult<string?>.Ok(null);
            }

            next = listed.Value.OdataNextLink;
        }

        LogTooManyPages(logger, MaxListPages);
        return GraphFailures.Fail(ProviderFailureKind.Transient, "Outlook listed more events than InsightGig reads at once; it will try again later.");
    }

    public async Task<ProviderResult<CalendarEventDetails>> UpdateEventAsync(Guid organizerId, CalendarEventRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = EventBody(request, creating: false);
        var patched = await CallAsync(organizerId, "update event", (client, ct) => client.Me.Events[request.EventId].PatchAsync(body, r =>
        {
            r.Headers.Add("Prefer", PreferUtc);
            r.Options.Add(RetrySafeOption.Instance); // a PATCH to the full state is the same however often it is sent
        }, ct), cancellationToken);
        return patched.IsSuccess ? Details(patched.Value, request) : patched.Failure!;
    }

    /// <summary>Deletes the event; on the organizer's calendar Outlook sends the attendees a cancellation.</summary>
    public async Task<ProviderResult<Done>> DeleteEventAsync(Guid organizerId, string eventId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        var deleted = await CallAsync(organizerId, "delete event", async (client, ct) =>
        {
            await client.Me.Events[eventId].DeleteAsync(cancellationToken: ct);
            return Done.Value;
        }, cancellationToken);
        return deleted.IsSuccess || deleted.Failure!.Kind == ProviderFailureKind.NotFound ? ProviderResult<Done>.Ok(Done.Value) : deleted.Failure!;
    }

    /// <summary>
    /// <c>POST /me/events/{id}/cancel</c> with the organizer's note: Outlook sends it with the cancellation and removes the
    /// event. An event without attendees is no meeting, and Graph refuses to cancel it: it is deleted instead.
    /// </summary>
    public async Task<ProviderResult<Done>> CancelEventAsync(Guid organizerId, string eventId, string? note, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        var body = new CancelPostRequestBody { Comment = note ?? string.Empty };
        var cancelled = await CallAsync(organizerId, "cancel event", async (client, ct) =>
        {
            await client.Me.Events[eventId].Cancel.PostAsync(body, r => r.Options.Add(RetrySafeOption.Instance), ct);
            return Done.Value;
        }, cancellationToken);
        if (cancelled.IsSuccess || cancelled.Failure!.Kind == ProviderFailureKind.NotFound)
        {
            return ProviderResult<Done>.Ok(Done.Value);
        }

        return cancelled.Failure.Kind == ProviderFailureKind.Rejected
            ? await DeleteEventAsync(organizerId, eventId, cancellationToken)
            : cancelled.Failure;
    }

    /// <summary>
    /// The attendee's copy of the invitation, found in their own calendar by <c>iCalUId</c>, answered with Graph's
    /// <c>accept</c>, <c>decline</c> or <c>tentativelyAccept</c> (Outlook sends the organizer the response). An answer the
    /// copy already carries is not sent again.
    /// </summary>
    public async Task<ProviderResult<Done>> RespondAsAttendeeAsync(Guid attendeeId, string iCalUid, Domain.Meetings.ResponseStatus response, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(iCalUid);
        var filter = $"iCalUId eq '{iCalUid.Replace("'", "''", StringComparison.Ordinal)}'";
        var found = await CallAsync(attendeeId, "find invitation", (client, ct) => client.Me.Events.GetAsync(r =>
        {
            r.QueryParameters.Filter = filter;
            r.QueryParameters.Select = ["id", "responseStatus", "isOrganizer"];
        }, ct), cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Failure!;
        }

        var copy = found.Value?.Value?.FirstOrDefault(e => !string.IsNullOrEmpty(e.Id) && e.IsOrganizer != true);
        if (copy is null)
        {
            return GraphFailures.Fail(ProviderFailureKind.NotFound, "This invitation is not in the participant's Outlook calendar.");
        }

        var wanted = response switch
        {
            Domain.Meetings.ResponseStatus.Accepted => ResponseType.Accepted,
            Domain.Meetings.ResponseStatus.Declined => ResponseType.Declined,
            Domain.Meetings.ResponseStatus.Tentative => ResponseType.TentativelyAccepted,
            _ => throw new ArgumentOutOfRangeException(nameof(response), response, "Only an answer can be recorded."),
        };
        if (copy.ResponseStatus?.Response == wanted)
        {
            return ProviderResult<Done>.Ok(Done.Value);
        }

        var answered = await CallAsync(attendeeId, "answer invitation", async (client, ct) =>
        {
            var item = client.Me.Events[copy.Id!];
            switch (wanted)
            {
                case ResponseType.Accepted:
                    await item.Accept.PostAsync(new AcceptPostRequestBody { SendResponse = true }, r => r.Options.Add(RetrySafeOption.Instance), ct);
                    break;
                case ResponseType.Declined:
                    await item.Decline.PostAsync(new DeclinePostRequestBody { SendResponse = true }, r => r.Options.Add(RetrySafeOption.Instance), ct);
                    break;
                default:
                    await item.TentativelyAccept.PostAsync(new TentativelyAcceptPostRequestBody { SendResponse = true }, r => r.Options.Add(RetrySafeOption.Instance), ct);
                    break;
            }

            return Done.Value;
        }, cancellationToken);
        return answered.IsSuccess ? ProviderResult<Done>.Ok(Done.Value) : answered.Failure!;
    }

    public async Task<ProviderResult<CalendarChanges>> ListChangesAsync(Guid organizerId, string? syncToken, DateTimeOffset fullSyncFromUtc, CancellationToken cancellationToken)
    {
        var events = new List<CalendarEventChange>();
        var next = syncToken;
        for (var page = 0; page < MaxListPages; page++)
        {
            var from = fullSyncFromUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var to = (fullSyncFromUtc + SyncWindowAhead).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var link = next;
            var listed = await CallAsync(organizerId, "list changes", (client, ct) =>
            {
                // The stored delta (or next) link is Graph's own URL and carries its state; without one, a full sync of the window.
                var delta = link is null ? client.Me.CalendarView.Delta : client.Me.CalendarView.Delta.WithUrl(link);
                return delta.GetAsDeltaGetResponseAsync(r =>
                {
                    r.Headers.Add("Prefer", PreferUtc);
                    if (link is null)
                    {
                        r.QueryParameters.StartDateTime = from;
                        r.QueryParameters.EndDateTime = to;
                    }
                }, ct);
            }, cancellationToken, classify: DeltaTokenGone);
            if (!listed.IsSuccess)
            {
                return ReferenceEquals(listed.Failure, DeltaGone) ? ProviderResult<CalendarChanges>.Ok(CalendarChanges.MustResync) : listed.Failure!;
            }

            var answer = listed.Value;
            events.AddRange((answer?.Value ?? []).Where(e => !string.IsNullOrEmpty(e.Id)).Select(Change));
            if (!string.IsNullOrEmpty(answer?.OdataNextLink))
            {
                next = answer.OdataNextLink;
                continue;
            }

            return string.IsNullOrEmpty(answer?.OdataDeltaLink)
                ? ProviderCallFailures.UnreadableAnswer(Provider, DisplayName)
                : ProviderResult<CalendarChanges>.Ok(new CalendarChanges(events, answer.OdataDeltaLink));
        }

        LogTooManyPages(logger, MaxListPages);
        return GraphFailures.Fail(ProviderFailureKind.Transient, "Outlook listed more changes than InsightGig reads at once; it will try again later.");
    }

    /// <summary>
    /// A change-notification subscription on the organizer's events. Graph has no channel id of ours, so the channel id
    /// travels in <c>clientState</c> with its token (<see cref="OutlookClientState"/>); the subscription's id is the
    /// channel's resource id, and its expiry is the one Graph answers (it caps what is asked).
    /// </summary>
    public async Task<ProviderResult<CalendarChannel>> WatchChangesAsync(Guid organizerId, CalendarChannelRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new Subscription
        {
            ChangeType = "created,updated,deleted",
            NotificationUrl = request.Address.AbsoluteUri,
            LifecycleNotificationUrl = request.Address.AbsoluteUri,
            Resource = "me/events",
            ExpirationDateTime = request.ExpiresAtUtc,
            ClientState = OutlookClientState.Compose(request.ChannelId, request.Token, options.Value.ClientState),
        };
        // Not retried: a second POST would open a second subscription.
        var created = await CallAsync(organizerId, "subscribe", (client, ct) => client.Subscriptions.PostAsync(body, cancellationToken: ct), cancellationToken);
        if (!created.IsSuccess)
        {
            return created.Failure!;
        }

        return created.Value is { Id: { Length: > 0 } id, ExpirationDateTime: { } expires }
            ? ProviderResult<CalendarChannel>.Ok(new CalendarChannel(request.ChannelId, id, expires.ToUniversalTime()))
            : ProviderCallFailures.UnreadableAnswer(Provider, DisplayName);
    }

    public async Task<ProviderResult<Done>> StopWatchingAsync(Guid organizerId, string channelId, string resourceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        ArgumentException.ThrowIfNullOrEmpty(resourceId);
        var deleted = await CallAsync(organizerId, "unsubscribe", async (client, ct) =>
        {
            await client.Subscriptions[resourceId].DeleteAsync(cancellationToken: ct);
            return Done.Value;
        }, cancellationToken);
        return deleted.IsSuccess || deleted.Failure!.Kind == ProviderFailureKind.NotFound ? ProviderResult<Done>.Ok(Done.Value) : deleted.Failure!;
    }

    /// <summary>
    /// The event as we send it. Times in the organizer's zone (its Windows name, which every Outlook knows; UTC when this
    /// machine cannot name it). An update leaves the Teams meeting alone and clears a location it no longer has.
    /// </summary>
    internal static Event EventBody(CalendarEventRequest request, bool creating)
    {
        var body = new Event
        {
            Subject = request.Title,
            Body = new ItemBody { ContentType = BodyType.Text, Content = request.Description },
            Start = DateTimeTimeZoneFor(request.StartUtc, request.TimeZoneId),
            End = DateTimeTimeZoneFor(request.EndUtc, request.TimeZoneId),
            Attendees = [.. request.Attendees.Select(a => new Attendee
            {
                EmailAddress = new EmailAddress { Address = a.Email, Name = a.DisplayName },
                Type = AttendeeType.Required,
            })],
            // Always sent, true or false: a PATCH keeps a property it does not send, so showing the list again must say so.
            HideAttendees = request.HideGuestList,
        };
        if (!string.IsNullOrWhiteSpace(request.Location))
        {
            body.Location = new Location { DisplayName = request.Location };
        }
        else if (!creating)
        {
            body.Location = new Location { DisplayName = string.Empty };
        }

        if (creating)
        {
            body.TransactionId = request.EventId;
        }

        if (request.CreateConference)
        {
            body.IsOnlineMeeting = true;
            body.OnlineMeetingProvider = OnlineMeetingProviderType.TeamsForBusiness;
        }

        return body;
    }

    internal static DateTimeTimeZone DateTimeTimeZoneFor(DateTimeOffset instant, string timeZoneId)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone)
            && (zone.HasIanaId ? TimeZoneInfo.TryConvertIanaIdToWindowsId(zone.Id, out var windowsId) : (windowsId = zone.Id) is not null))
        {
            var local = TimeZoneInfo.ConvertTime(instant, zone);
            return new DateTimeTimeZone { DateTime = local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), TimeZone = windowsId };
        }

        return new DateTimeTimeZone { DateTime = instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), TimeZone = "UTC" };
    }

    /// <summary>A <c>dateTimeTimeZone</c> as an instant: UTC (as asked with <c>Prefer</c>), or a zone this machine knows.</summary>
    internal static DateTimeOffset? Instant(DateTimeTimeZone? value) => Instant(value?.DateTime, value?.TimeZone);

    internal static DateTimeOffset? Instant(string? dateTime, string? timeZone)
    {
        if (dateTime is not { Length: > 0 } text
            || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            return null;
        }

        var zoneId = string.IsNullOrWhiteSpace(timeZone) ? "UTC" : timeZone;
        if (zoneId is "UTC" or "Etc/UTC" or "Coordinated Universal Time" || local.Kind == DateTimeKind.Utc)
        {
            return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), TimeSpan.Zero);
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            return null;
        }

        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified)).ToUniversalTime();
    }

    internal static CalendarEventChange Change(Event outlookEvent)
    {
        var removed = outlookEvent.AdditionalData?.ContainsKey("@removed") == true;
        return new CalendarEventChange(
            outlookEvent.Id!,
            removed || outlookEvent.IsCancelled == true ? "cancelled" : "confirmed",
            removed ? null : Instant(outlookEvent.Start),
            removed ? null : Instant(outlookEvent.End),
            outlookEvent.ChangeKey,
            Sequence: null,
            removed ? [] : Attendees(outlookEvent));
    }

    /// <summary>Outlook's answers in Calendar's words, which RSVPs are read from.</summary>
    internal static CalendarAttendeeStatus[] Attendees(Event outlookEvent) =>
        [.. (outlookEvent.Attendees ?? [])
            .Where(a => !string.IsNullOrEmpty(a.EmailAddress?.Address))
            .Select(a => new CalendarAttendeeStatus(a.EmailAddress!.Address!, a.Status?.Response switch
            {
                ResponseType.Accepted or ResponseType.Organizer => "accepted",
                ResponseType.Declined => "declined",
                ResponseType.TentativelyAccepted => "tentative",
                _ => "needsAction",
            }))];

    internal static (ConferenceStatus Status, string? JoinUrl) Conference(Event outlookEvent) =>
        outlookEvent.OnlineMeeting?.JoinUrl is { Length: > 0 } joinUrl && Uri.TryCreate(joinUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            ? (ConferenceStatus.Ready, (string?)joinUrl)
            : outlookEvent.IsOnlineMeeting == true ? (ConferenceStatus.Pending, null) : (ConferenceStatus.None, null);

    private ProviderResult<CalendarEventDetails> Details(Event? outlookEvent, CalendarEventRequest? sent)
    {
        var start = Instant(outlookEvent?.Start) ?? sent?.StartUtc;
        var end = Instant(outlookEvent?.End) ?? sent?.EndUtc;
        if (outlookEvent?.Id is not { Length: > 0 } id || start is null || end is null)
        {
            return ProviderCallFailures.UnreadableAnswer(Provider, DisplayName);
        }

        var (conferenceStatus, joinUrl) = Conference(outlookEvent);
        return ProviderResult<CalendarEventDetails>.Ok(new CalendarEventDetails(
            id,
            outlookEvent.IsCancelled == true ? "cancelled" : "confirmed",
            outlookEvent.WebLink,
            conferenceStatus,
            joinUrl,
            start.Value,
            end.Value,
            outlookEvent.ChangeKey,
            Attendees(outlookEvent))
        {
            ICalUid = string.IsNullOrWhiteSpace(outlookEvent.ICalUId) ? null : outlookEvent.ICalUId,
        });
    }

    /// <summary>Graph's answer to a delta link whose state it no longer has: list again from scratch.</summary>
    private static readonly ProviderFailure DeltaGone = GraphFailures.Fail(ProviderFailureKind.NotFound, "Outlook's delta token expired; a full sync is required.");

    private static ProviderFailure? DeltaTokenGone(ApiException exception) =>
        exception.ResponseStatusCode == (int)HttpStatusCode.Gone
        || GraphFailures.Code(exception) is "SyncStateNotFound" or "SyncStateInvalid" or "syncStateNotFound" or "resyncRequired" or "fullSyncRequired"
            ? DeltaGone
            : null;

    /// <summary>
    /// Runs one Graph request with the organizer's token, inside the mailbox's concurrency gate. A 401 gets one forced refresh
    /// and one more try; a refresh refused with <c>invalid_grant</c> comes back as ReconnectNeeded from the token source.
    /// </summary>
    private async Task<ProviderResult<T?>> CallAsync<T>(
        Guid organizerId, string operation, Func<GraphServiceClient, CancellationToken, Task<T?>> call, CancellationToken cancellationToken,
        Func<ApiException, ProviderFailure?>? classify = null, ProviderResult<string>? firstToken = null)
    {
        var token = firstToken ?? await tokens.GetAccessTokenAsync(organizerId, Provider, cancellationToken);
        var refreshedAfter401 = false;
        using var turn = await mailboxes.EnterAsync(organizerId, cancellationToken);
        while (true)
        {
            if (!token.IsSuccess)
            {
                return token.Failure!;
            }

            try
            {
                return ProviderResult<T?>.Ok(await call(graph.For(token.Value!), cancellationToken));
            }
            catch (ApiException exception) when (exception.ResponseStatusCode == (int)HttpStatusCode.Unauthorized
                && !refreshedAfter401 && tokens is IAccessTokenRefresher refresher)
            {
                LogRetryingAfter401(logger, operation);
                refreshedAfter401 = true;
                token = await refresher.RefreshRejectedTokenAsync(organizerId, Provider, token.Value!, cancellationToken);
            }
            catch (ApiException exception)
            {
                var failure = classify?.Invoke(exception) ?? GraphFailures.From(exception, time, "event");
                LogApiFailure(logger, operation, exception.ResponseStatusCode, GraphFailures.Code(exception), failure.Kind);
                return failure;
            }
            catch (JsonException)
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

    [LoggerMessage(EventId = 4510, Level = LogLevel.Information, Message = "Outlook {Operation} answered 401; renewing the token and trying once more")]
    private static partial void LogRetryingAfter401(ILogger logger, string operation);

    [LoggerMessage(EventId = 4511, Level = LogLevel.Warning, Message = "Outlook {Operation} answered {Status} ({Code}, {Kind})")]
    private static partial void LogApiFailure(ILogger logger, string operation, int status, string? code, ProviderFailureKind kind);

    [LoggerMessage(EventId = 4512, Level = LogLevel.Warning, Message = "Outlook {Operation} got no answer ({Exception})")]
    private static partial void LogTransport(ILogger logger, string operation, string exception);

    [LoggerMessage(EventId = 4514, Level = LogLevel.Warning, Message = "Outlook getSchedule answered an error for the person's own mailbox ({Code})")]
    private static partial void LogScheduleError(ILogger logger, string? code);

    [LoggerMessage(EventId = 4513, Level = LogLevel.Warning, Message = "Outlook listed more than {Pages} pages of changes; stopping and trying again later")]
    private static partial void LogTooManyPages(ILogger logger, int pages);
}
