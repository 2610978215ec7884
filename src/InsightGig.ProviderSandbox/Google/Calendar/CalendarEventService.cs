using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InsightGig.ProviderSandbox.Common;

namespace InsightGig.ProviderSandbox.Google.Calendar;

/// <summary>The query parameters of a write: conferenceDataVersion and the effective sendUpdates.</summary>
internal sealed record EventWriteOptions(int ConferenceDataVersion, string SendUpdates, bool SendUpdatesExplicit);

/// <summary>A Calendar answer: the resource to send, or an error.</summary>
internal readonly record struct CalendarResult(JsonObject? Resource, GoogleApiError? Error)
{
    public static implicit operator CalendarResult(GoogleApiError error) => new(null, error);

    public static CalendarResult Of(JsonObject resource) => new(resource, null);
}

/// <summary>
/// events.insert/get/list/patch/update/delete on a calendar, under the calendar's lock. Deleted events stay as
/// "cancelled" (visible to get, to list with showDeleted, and to incremental sync).
/// </summary>
internal sealed partial class CalendarEventService(TimeProvider time, TimeSpan meetPendingDelay, EventListCursors cursors)
{
    private static readonly string[] SearchedFields = ["summary", "description", "location"];

    public CalendarResult Insert(GoogleCalendar calendar, JsonObject body, EventWriteOptions options, string sandboxRoot)
    {
        string id;
        if (body["id"] is { } idNode)
        {
            if (idNode.GetValueKind() != JsonValueKind.String || !EventIdPattern().IsMatch(idNode.GetValue<string>()))
            {
                return GoogleErrors.BadRequest("Invalid resource id value.");
            }

            id = idNode.GetValue<string>();
        }
        else
        {
            id = SecureRandomText.Base32Hex(26);
        }

        (ValidatedEvent? validated, GoogleApiError? error) = EventBodyReader.Validate(EventBodyReader.Pick(body), body["status"]);
        if (validated is null)
        {
            return error!;
        }

        ConferenceChange? conference = null;
        if (options.ConferenceDataVersion == 1 && body["conferenceData"] is { } conferenceNode)
        {
            (conference, error) = ConferenceRequestReader.Read(conferenceNode);
            if (conference is null)
            {
                return error!;
            }
        }

        lock (calendar.Gate)
        {
            DateTimeOffset now = time.GetUtcNow();
            ResolveConferences(calendar, now);
            if (calendar.Events.ContainsKey(id))
            {
                return GoogleErrors.Duplicate(); // ids of deleted events stay taken, as in Google Calendar
            }

            var calendarEvent = new CalendarEvent
            {
                Id = id,
                CalendarId = calendar.Id,
                Created = now,
                HtmlLink = $"{sandboxRoot}/google/calendar/event?eid={EventLinkId(id, calendar.Id)}",
                Fields = validated.Fields,
                Start = validated.Start,
                End = validated.End,
                Status = validated.Status ?? "confirmed",
            };
            ApplyConference(calendarEvent, conference, now);
            calendarEvent.Touch(calendar.NextVersion(), now);
            Record(calendarEvent, "insert", options, now);
            calendar.Events[id] = calendarEvent;
            return CalendarResult.Of(CalendarEventRenderer.Render(calendarEvent));
        }
    }

    public CalendarResult Get(GoogleCalendar calendar, string eventId)
    {
        lock (calendar.Gate)
        {
            ResolveConferences(calendar, time.GetUtcNow());
            return calendar.Events.TryGetValue(eventId, out CalendarEvent? calendarEvent)
                ? CalendarResult.Of(CalendarEventRenderer.Render(calendarEvent))
                : GoogleErrors.NotFound();
        }
    }

    /// <summary>events.patch: merges the body into the stored event.</summary>
    public CalendarResult Patch(GoogleCalendar calendar, string eventId, JsonObject body, EventWriteOptions options) =>
        Modify(calendar, eventId, body, options, "patch", stored =>
        {
            var merged = (JsonObject)stored.DeepClone();
            EventBodyReader.MergePatch(merged, EventBodyReader.Pick(body));
            return merged;
        });

    /// <summary>events.update: replaces the writable fields with the body's.</summary>
    public CalendarResult Update(GoogleCalendar calendar, string eventId, JsonObject body, EventWriteOptions options) =>
        Modify(calendar, eventId, body, options, "update", _ => EventBodyReader.Pick(body));

    public GoogleApiError? Delete(GoogleCalendar calendar, string eventId, EventWriteOptions options)
    {
        lock (calendar.Gate)
        {
            DateTimeOffset now = time.GetUtcNow();
            ResolveConferences(calendar, now);
            if (!calendar.Events.TryGetValue(eventId, out CalendarEvent? calendarEvent))
            {
                return GoogleErrors.NotFound();
            }

            if (calendarEvent.Status == "cancelled")
            {
                return GoogleErrors.Deleted();
            }

            calendarEvent.Status = "cancelled";
            calendarEvent.Touch(calendar.NextVersion(), now);
            Record(calendarEvent, "delete", options, now);
            return null;
        }
    }

    /// <summary>events.list: a full listing with filters, or an incremental one from a sync token; pages share the version they started at.</summary>
    public CalendarResult List(GoogleCalendar calendar, EventListRequest request)
    {
        lock (calendar.Gate)
        {
            DateTimeOffset now = time.GetUtcNow();
            ResolveConferences(calendar, now);
            EventListCursor cursor;
            if (request.PageToken is not null)
            {
                if (cursors.FindPage(request.PageToken) is not { } saved || saved.CalendarId != calendar.Id)
                {
                    return GoogleErrors.BadRequest("Invalid page token value.");
                }

                cursor = saved;
            }
            else if (request.SyncToken is not null)
            {
                if (cursors.FindSyncPoint(request.SyncToken, calendar.Id) is not { } since)
                {
                    return GoogleErrors.FullSyncRequired();
                }

                cursor = new EventListCursor(calendar.Id, request.Filter, 0, calendar.Version, since);
            }
            else
            {
                cursor = new EventListCursor(calendar.Id, request.Filter, 0, calendar.Version, null);
            }

            CalendarEvent[] matching = cursor.SinceVersion is { } sinceVersion
                ? [.. calendar.Events.Values.Where(e => e.Version > sinceVersion).OrderBy(e => e.Version)]
                : [.. Filter(calendar.Events.Values, cursor.Filter)];
            CalendarEvent[] page = [.. matching.Skip(cursor.Offset).Take(request.MaxResults)];

            var list = new JsonObject
            {
                ["kind"] = "calendar#events",
                ["etag"] = "\"p" + calendar.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"",
                ["summary"] = calendar.Id,
                ["description"] = string.Empty,
                ["updated"] = EventTimeReader.FormatTimestamp(calendar.Events.Count == 0 ? now : calendar.Events.Values.Max(e => e.Updated)),
                ["timeZone"] = "UTC",
                ["accessRole"] = "owner",
                ["defaultReminders"] = new JsonArray(new JsonObject { ["method"] = "popup", ["minutes"] = 10 }),
            };
            if (cursor.Offset + page.Length < matching.Length)
            {
                list["nextPageToken"] = cursors.SavePage(cursor with { Offset = cursor.Offset + page.Length });
            }
            else
            {
                list["nextSyncToken"] = cursors.SaveSyncPoint(calendar.Id, cursor.SnapshotVersion);
            }

            list["items"] = new JsonArray([.. page.Select(e => (JsonNode)CalendarEventRenderer.Render(e))]);
            return CalendarResult.Of(list);
        }
    }

    public IReadOnlyList<CalendarEventInfo> Describe(GoogleCalendar calendar)
    {
        lock (calendar.Gate)
        {
            ResolveConferences(calendar, time.GetUtcNow());
            return [.. calendar.Events.Values.OrderBy(e => e.Created).Select(e => new CalendarEventInfo(
                e.Id,
                e.CalendarId,
                e.Status,
                e.Fields["summary"]?.GetValue<string>(),
                e.Sequence,
                e.ETag,
                e.Conference is { Ready: true } ready ? ready.Uri : null,
                CalendarEventRenderer.ConferenceStatus(e),
                [.. (e.Fields["attendees"] as JsonArray ?? []).OfType<JsonObject>().Select(a => a["email"]!.GetValue<string>())],
                [.. e.Notifications],
                CalendarEventRenderer.Render(e)))];
        }
    }

    /// <summary>The eid of an htmlLink: base64url of "eventId calendarId", as Google's.</summary>
    public static string EventLinkId(string eventId, string calendarId) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(eventId + " " + calendarId));

    private CalendarResult Modify(
        GoogleCalendar calendar,
        string eventId,
        JsonObject body,
        EventWriteOptions options,
        string operation,
        Func<JsonObject, JsonObject> newFields)
    {
        ConferenceChange? conference = null;
        if (options.ConferenceDataVersion == 1 && (body.ContainsKey("conferenceData") || operation == "update"))
        {
            (conference, GoogleApiError? conferenceError) = ConferenceRequestReader.Read(body["conferenceData"]);
            if (conference is null)
            {
                return conferenceError!;
            }
        }

        lock (calendar.Gate)
        {
            DateTimeOffset now = time.GetUtcNow();
            ResolveConferences(calendar, now);
            if (!calendar.Events.TryGetValue(eventId, out CalendarEvent? calendarEvent))
            {
                return GoogleErrors.NotFound();
            }

            (ValidatedEvent? validated, GoogleApiError? error) = EventBodyReader.Validate(newFields(calendarEvent.Fields), body["status"]);
            if (validated is null)
            {
                return error!;
            }

            // Only a guest answers for themself: the organizer's write keeps the answers of guests already invited.
            KeepAnswers(calendarEvent.Fields, validated.Fields);

            // Attendees get a new sequence number (a re-sent invitation) when the time changes.
            bool timeChanged = !SameTime(validated.Start, calendarEvent.Start) || !SameTime(validated.End, calendarEvent.End);
            calendarEvent.Fields = validated.Fields;
            calendarEvent.Start = validated.Start;
            calendarEvent.End = validated.End;
            calendarEvent.Status = validated.Status ?? calendarEvent.Status;
            if (timeChanged)
            {
                calendarEvent.Sequence++;
            }

            ApplyConference(calendarEvent, conference, now);
            calendarEvent.Touch(calendar.NextVersion(), now);
            Record(calendarEvent, operation, options, now);
            return CalendarResult.Of(CalendarEventRenderer.Render(calendarEvent));
        }
    }

    private void ApplyConference(CalendarEvent calendarEvent, ConferenceChange? change, DateTimeOffset now)
    {
        switch (change?.Kind)
        {
            case ConferenceChangeKind.Remove:
                calendarEvent.Conference = null;
                calendarEvent.CopiedConferenceData = null;
                break;
            case ConferenceChangeKind.CreateMeet when calendarEvent.Conference?.RequestId != change.RequestId:
                calendarEvent.Conference = new MeetConference(change.RequestId!, NewMeetingCode(), now + meetPendingDelay)
                {
                    Ready = meetPendingDelay <= TimeSpan.Zero,
                };
                calendarEvent.CopiedConferenceData = null;
                break;
            case ConferenceChangeKind.Copy when calendarEvent.Conference?.MeetingCode != change.CopiedData!["conferenceId"]?.ToString():
                calendarEvent.Conference = null;
                calendarEvent.CopiedConferenceData = change.CopiedData;
                break;
            default:
                break; // no change asked, or the client sent back the conference it already has
        }
    }

    /// <summary>Pending Meet conferences whose delay has passed become "success"; that is a change of the event.</summary>
    private static void ResolveConferences(GoogleCalendar calendar, DateTimeOffset now)
    {
        foreach (CalendarEvent calendarEvent in calendar.Events.Values.Where(e => e.Conference is { Ready: false } c && c.ReadyAt <= now))
        {
            calendarEvent.Conference!.Ready = true;
            calendarEvent.Touch(calendar.NextVersion(), now);
        }
    }

    private static IEnumerable<CalendarEvent> Filter(IEnumerable<CalendarEvent> events, EventListFilter filter)
    {
        IEnumerable<CalendarEvent> matching = events.Where(e =>
            (filter.ShowDeleted || e.Status != "cancelled")
            && (filter.TimeMin is null || e.End.Instant > filter.TimeMin)
            && (filter.TimeMax is null || e.Start.Instant < filter.TimeMax)
            && (filter.UpdatedMin is null || e.Updated >= filter.UpdatedMin)
            && (filter.ICalUid is null || e.ICalUid == filter.ICalUid)
            && (filter.Query is null || Mentions(e, filter.Query)));
        return filter.OrderBy == "updated"
            ? matching.OrderBy(e => e.Updated).ThenBy(e => e.Id, StringComparer.Ordinal)
            : matching.OrderBy(e => e.Start.Instant).ThenBy(e => e.Id, StringComparer.Ordinal);
    }

    private static bool Mentions(CalendarEvent calendarEvent, string text) =>
        SearchedFields
            .Select(name => calendarEvent.Fields[name]?.ToString())
            .Concat((calendarEvent.Fields["attendees"] as JsonArray ?? []).Select(a => a?["email"]?.ToString()))
            .Any(value => value?.Contains(text, StringComparison.OrdinalIgnoreCase) == true);

    private static bool SameTime(EventTime a, EventTime b) => a.Instant == b.Instant && a.AllDay == b.AllDay;

    private static void Record(CalendarEvent calendarEvent, string operation, EventWriteOptions options, DateTimeOffset now) =>
        calendarEvent.Notifications.Add(new SendUpdatesRecord(operation, options.SendUpdates, options.SendUpdatesExplicit, now));

    /// <summary>Meet codes look like "abc-defg-hij".</summary>
    private static string NewMeetingCode() =>
        $"{SecureRandomText.Letters(3)}-{SecureRandomText.Letters(4)}-{SecureRandomText.Letters(3)}";

    /// <summary>Client-chosen ids: base32hex characters (a-v, 0-9), 5 to 1024 of them.</summary>
    [GeneratedRegex("^[a-v0-9]{5,1024}$", RegexOptions.CultureInvariant)]
    private static partial Regex EventIdPattern();
}
