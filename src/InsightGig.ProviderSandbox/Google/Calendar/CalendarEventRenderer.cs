using System.Text.Json.Nodes;

namespace InsightGig.ProviderSandbox.Google.Calendar;

/// <summary>Renders an event as the Calendar API's Event resource (field names per the discovery document's Event schema).</summary>
internal static class CalendarEventRenderer
{
    private const string MeetIconUri = "https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/web-512dp/logo_meet_2020q4_color_2x_web_512dp.png";

    public static JsonObject Render(CalendarEvent calendarEvent)
    {
        JsonObject fields = calendarEvent.Fields;
        string owner = calendarEvent.CalendarId;
        var resource = new JsonObject
        {
            ["kind"] = "calendar#event",
            ["etag"] = calendarEvent.ETag,
            ["id"] = calendarEvent.Id,
            ["status"] = calendarEvent.Status,
            ["htmlLink"] = calendarEvent.HtmlLink,
            ["created"] = EventTimeReader.FormatTimestamp(calendarEvent.Created),
            ["updated"] = EventTimeReader.FormatTimestamp(calendarEvent.Updated),
        };
        Copy(fields, resource, "summary", "description", "location", "colorId");
        resource["creator"] = new JsonObject { ["email"] = owner, ["self"] = true };
        resource["organizer"] = new JsonObject { ["email"] = owner, ["self"] = true };
        Copy(fields, resource, "start", "end", "endTimeUnspecified", "recurrence", "transparency", "visibility");
        resource["iCalUID"] = calendarEvent.ICalUid;
        resource["sequence"] = calendarEvent.Sequence;
        if (fields["attendees"] is JsonArray attendees)
        {
            resource["attendees"] = RenderAttendees(attendees, owner);
        }

        Copy(fields, resource, "guestsCanModify", "guestsCanInviteOthers", "guestsCanSeeOtherGuests", "anyoneCanAddSelf");
        if (calendarEvent.Conference is { Ready: true } ready)
        {
            resource["hangoutLink"] = ready.Uri;
        }

        if (RenderConference(calendarEvent) is { } conferenceData)
        {
            resource["conferenceData"] = conferenceData;
        }

        resource["reminders"] = fields["reminders"]?.DeepClone() ?? new JsonObject { ["useDefault"] = true };
        Copy(fields, resource, "source", "extendedProperties");
        resource["eventType"] = fields["eventType"]?.DeepClone() ?? "default";
        return resource;
    }

    /// <summary>The conference's state as Google reports it: createRequest status "pending" or "success".</summary>
    public static string? ConferenceStatus(CalendarEvent calendarEvent) =>
        calendarEvent.Conference is { } conference ? (conference.Ready ? "success" : "pending") : null;

    private static JsonArray RenderAttendees(JsonArray attendees, string owner)
    {
        var rendered = new JsonArray();
        foreach (JsonObject attendee in attendees.OfType<JsonObject>())
        {
            string email = attendee["email"]!.GetValue<string>();
            bool isOrganizer = string.Equals(email, owner, StringComparison.OrdinalIgnoreCase);
            var entry = new JsonObject { ["email"] = email };
            Copy(attendee, entry, "displayName");
            if (isOrganizer)
            {
                entry["organizer"] = true;
                entry["self"] = true;
            }

            Copy(attendee, entry, "optional", "resource");
            entry["responseStatus"] = attendee["responseStatus"]?.DeepClone() ?? (isOrganizer ? "accepted" : "needsAction");
            Copy(attendee, entry, "comment", "additionalGuests");
            rendered.Add(entry);
        }

        return rendered;
    }

    private static JsonObject? RenderConference(CalendarEvent calendarEvent)
    {
        if (calendarEvent.CopiedConferenceData is { } copied)
        {
            return (JsonObject)copied.DeepClone();
        }

        if (calendarEvent.Conference is not { } conference)
        {
            return null;
        }

        var createRequest = new JsonObject
        {
            ["requestId"] = conference.RequestId,
            ["conferenceSolutionKey"] = new JsonObject { ["type"] = ConferenceRequestReader.HangoutsMeet },
            ["status"] = new JsonObject { ["statusCode"] = conference.Ready ? "success" : "pending" },
        };
        if (!conference.Ready)
        {
            return new JsonObject { ["createRequest"] = createRequest };
        }

        return new JsonObject
        {
            ["createRequest"] = createRequest,
            ["entryPoints"] = new JsonArray(new JsonObject
            {
                ["entryPointType"] = "video",
                ["uri"] = conference.Uri,
                ["label"] = "meet.google.com/" + conference.MeetingCode,
            }),
            ["conferenceSolution"] = new JsonObject
            {
                ["key"] = new JsonObject { ["type"] = ConferenceRequestReader.HangoutsMeet },
                ["name"] = "Google Meet",
                ["iconUri"] = MeetIconUri,
            },
            ["conferenceId"] = conference.MeetingCode,
        };
    }

    private static void Copy(JsonObject from, JsonObject to, params string[] names)
    {
        foreach (string name in names)
        {
            if (from[name] is { } value)
            {
                to[name] = value.DeepClone();
            }
        }
    }
}
