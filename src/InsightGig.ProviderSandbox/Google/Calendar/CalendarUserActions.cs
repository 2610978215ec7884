using System.Text.Json.Nodes;

namespace InsightGig.ProviderSandbox.Google.Calendar;

/// <summary>
/// What people do in Google Calendar's own UI rather than through the API: the organizer moves or deletes an event (Google
/// emails the guests), a guest answers the invitation. Each is a change of the event like any other: a new etag and
/// updated time, the next calendar version (so incremental sync returns it), and for a move a new sequence number.
/// </summary>
internal sealed partial class CalendarEventService
{
    /// <summary>The answers a guest can give (Calendar's attendee <c>responseStatus</c>).</summary>
    public static readonly string[] Answers = ["accepted", "declined", "tentative", "needsAction"];

    private static readonly EventWriteOptions GoogleUi = new(0, "all", true);

    /// <summary>The organizer drags the event to <paramref name="start"/>–<paramref name="end"/> and sends the update to guests.</summary>
    public CalendarResult MoveAsOrganizer(GoogleCalendar calendar, string eventId, DateTimeOffset start, DateTimeOffset end)
    {
        if (end <= start)
        {
            return GoogleErrors.BadRequest("The specified time range is empty.", "timeRangeEmpty");
        }

        lock (calendar.Gate)
        {
            DateTimeOffset now = time.GetUtcNow();
            ResolveConferences(calendar, now);
            if (Live(calendar, eventId) is not { } calendarEvent)
            {
                return Missing(calendar, eventId);
            }

            if (calendarEvent.Start.AllDay)
            {
                return GoogleErrors.BadRequest("An all-day event is moved by date, not by time.");
            }

            var fields = (JsonObject)calendarEvent.Fields.DeepClone();
            fields["start"] = At(calendarEvent.Start, start);
            fields["end"] = At(calendarEvent.End, end);
            (ValidatedEvent? validated, GoogleApiError? error) = EventBodyReader.Validate(fields, null);
            if (validated is null)
            {
                return error!;
            }

            bool timeChanged = !SameTime(validated.Start, calendarEvent.Start) || !SameTime(validated.End, calendarEvent.End);
            calendarEvent.Fields = validated.Fields;
            calendarEvent.Start = validated.Start;
            calendarEvent.End = validated.End;
            if (timeChanged)
            {
                calendarEvent.Sequence++;
            }

            calendarEvent.Touch(calendar.NextVersion(), now);
            Record(calendarEvent, "ui-move", GoogleUi, now);
            return CalendarResult.Of(CalendarEventRenderer.Render(calendarEvent));
        }
    }

    /// <summary>The organizer deletes the event and tells the guests: it stays as "cancelled", as every deletion does.</summary>
    public CalendarResult DeleteAsOrganizer(GoogleCalendar calendar, string eventId)
    {
        lock (calendar.Gate)
        {
            DateTimeOffset now = time.GetUtcNow();
            ResolveConferences(calendar, now);
            if (Live(calendar, eventId) is not { } calendarEvent)
            {
                return Missing(calendar, eventId);
            }

            calendarEvent.Status = "cancelled";
            calendarEvent.Touch(calendar.NextVersion(), now);
            Record(calendarEvent, "ui-delete", GoogleUi, now);
            return CalendarResult.Of(CalendarEventRenderer.Render(calendarEvent));
        }
    }

    /// <summary>A guest answers the invitation: their <c>responseStatus</c> changes in the organizer's event (same sequence).</summary>
    public CalendarResult RespondAsGuest(GoogleCalendar calendar, string eventId, string guestEmail, string answer)
    {
        if (!Answers.Contains(answer, StringComparer.Ordinal))
        {
            return GoogleErrors.BadRequest($"Invalid value for: responseStatus (one of {string.Join(", ", Answers)})");
        }

        lock (calendar.Gate)
        {
            DateTimeOffset now = time.GetUtcNow();
            ResolveConferences(calendar, now);
            if (Live(calendar, eventId) is not { } calendarEvent)
            {
                return Missing(calendar, eventId);
            }

            JsonObject? guest = (calendarEvent.Fields["attendees"] as JsonArray ?? []).OfType<JsonObject>()
                .FirstOrDefault(a => string.Equals(a["email"]?.GetValue<string>(), guestEmail, StringComparison.OrdinalIgnoreCase));
            if (guest is null)
            {
                return new GoogleApiError(404, $"{guestEmail} is not a guest of this event.", "notFound");
            }

            if (guest["responseStatus"]?.GetValue<string>() != answer)
            {
                guest["responseStatus"] = answer;
                calendarEvent.Touch(calendar.NextVersion(), now);
            }

            return CalendarResult.Of(CalendarEventRenderer.Render(calendarEvent));
        }
    }

    /// <summary>Events where <paramref name="email"/> is a guest (not the organizer), for the guest's view of their invitations.</summary>
    public IReadOnlyList<(string CalendarId, JsonObject Resource)> Invitations(IEnumerable<GoogleCalendar> calendars, string email)
    {
        var found = new List<(string, JsonObject)>();
        foreach (GoogleCalendar calendar in calendars.Where(c => !string.Equals(c.Id, email, StringComparison.OrdinalIgnoreCase)))
        {
            lock (calendar.Gate)
            {
                ResolveConferences(calendar, time.GetUtcNow());
                found.AddRange(calendar.Events.Values
                    .Where(e => e.Status != "cancelled" && (e.Fields["attendees"] as JsonArray ?? []).OfType<JsonObject>()
                        .Any(a => string.Equals(a["email"]?.GetValue<string>(), email, StringComparison.OrdinalIgnoreCase)))
                    .OrderBy(e => e.Start.Instant)
                    .Select(e => (calendar.Id, CalendarEventRenderer.Render(e))));
            }
        }

        return found;
    }

    /// <summary>The events of a calendar that are not deleted, soonest first, as the Calendar API renders them.</summary>
    public IReadOnlyList<JsonObject> Agenda(GoogleCalendar calendar)
    {
        lock (calendar.Gate)
        {
            ResolveConferences(calendar, time.GetUtcNow());
            return [.. calendar.Events.Values.Where(e => e.Status != "cancelled").OrderBy(e => e.Start.Instant).Select(CalendarEventRenderer.Render)];
        }
    }

    /// <summary>
    /// Answers of guests already on the event carry over into <paramref name="written"/>: the organizer's write cannot answer
    /// for them (Calendar ignores it), and leaving <c>responseStatus</c> out does not reset an answer.
    /// </summary>
    private static void KeepAnswers(JsonObject stored, JsonObject written)
    {
        if (stored["attendees"] is not JsonArray before || written["attendees"] is not JsonArray after)
        {
            return;
        }

        foreach (JsonObject attendee in after.OfType<JsonObject>())
        {
            string? email = attendee["email"]?.GetValue<string>();
            JsonObject? previous = before.OfType<JsonObject>()
                .FirstOrDefault(a => string.Equals(a["email"]?.GetValue<string>(), email, StringComparison.OrdinalIgnoreCase));
            if (previous?["responseStatus"] is { } answer)
            {
                attendee["responseStatus"] = answer.DeepClone();
            }
            else if (previous is not null)
            {
                attendee.Remove("responseStatus");
            }
        }
    }

    private static CalendarEvent? Live(GoogleCalendar calendar, string eventId) =>
        calendar.Events.TryGetValue(eventId, out CalendarEvent? calendarEvent) && calendarEvent.Status != "cancelled" ? calendarEvent : null;

    private static GoogleApiError Missing(GoogleCalendar calendar, string eventId) =>
        calendar.Events.ContainsKey(eventId) ? GoogleErrors.Deleted() : GoogleErrors.NotFound();

    /// <summary>An EventDateTime at <paramref name="instant"/>, in the zone the event's time already had (UTC without one).</summary>
    private static JsonObject At(EventTime current, DateTimeOffset instant)
    {
        string? zoneId = current.Json["timeZone"]?.GetValue<string>();
        DateTimeOffset shown = zoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out TimeZoneInfo? zone)
            ? TimeZoneInfo.ConvertTime(instant, zone)
            : instant.ToUniversalTime();
        var json = new JsonObject { ["dateTime"] = EventTimeReader.FormatRfc3339(shown) };
        if (zoneId is not null)
        {
            json["timeZone"] = zoneId;
        }

        return json;
    }
}
