using System.Text.Json;
using System.Text.Json.Nodes;
using InsightGig.ProviderSandbox.Common;

namespace InsightGig.ProviderSandbox.Google.Calendar;

/// <summary>A validated event body: the fields to store (start/end normalized) and the parsed times.</summary>
internal sealed record ValidatedEvent(JsonObject Fields, EventTime Start, EventTime End, string? Status);

/// <summary>Which Event fields a client may write, and the Calendar API's validation of them.</summary>
internal static class EventBodyReader
{
    /// <summary>Client-writable Event fields kept as given; server fields (id, etag, created, ...) are never taken from a body.</summary>
    public static readonly string[] StoredFields =
    [
        "summary", "description", "location", "colorId", "start", "end", "endTimeUnspecified", "recurrence",
        "transparency", "visibility", "attendees", "guestsCanModify", "guestsCanInviteOthers", "guestsCanSeeOtherGuests",
        "anyoneCanAddSelf", "reminders", "source", "extendedProperties", "eventType",
    ];

    private static readonly string[] StringFields = ["summary", "description", "location", "colorId", "transparency", "visibility", "eventType"];
    private static readonly string[] Statuses = ["confirmed", "tentative", "cancelled"];

    public static JsonObject Pick(JsonObject body) =>
        new(body.Where(pair => StoredFields.Contains(pair.Key)).Select(pair => KeyValuePair.Create(pair.Key, pair.Value?.DeepClone())));

    /// <summary>Patch semantics: given fields replace stored ones, objects merge recursively, arrays replace, null clears.</summary>
    public static void MergePatch(JsonObject target, JsonObject patch)
    {
        foreach ((string name, JsonNode? value) in patch)
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchObject && target[name] is JsonObject targetObject)
            {
                MergePatch(targetObject, patchObject);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }

    public static (ValidatedEvent? Event, GoogleApiError? Error) Validate(JsonObject fields, JsonNode? statusNode)
    {
        foreach (string name in StringFields)
        {
            if (fields[name] is { } node && node.GetValueKind() != JsonValueKind.String)
            {
                return (null, GoogleErrors.BadRequest($"Invalid value for: {name}"));
            }
        }

        // Google reports a missing end before anything about the start.
        if (fields["end"] is not JsonObject)
        {
            return (null, GoogleErrors.Required("Missing end time."));
        }

        (EventTime? start, GoogleApiError? startError) = EventTimeReader.Read(fields["start"], "start");
        if (start is null)
        {
            return (null, startError);
        }

        (EventTime? end, GoogleApiError? endError) = EventTimeReader.Read(fields["end"], "end");
        if (end is null)
        {
            return (null, endError);
        }

        if (start.Value.AllDay != end.Value.AllDay)
        {
            return (null, GoogleErrors.BadRequest("Start and end times must either both be date or both be dateTime."));
        }

        if (end.Value.Instant < start.Value.Instant)
        {
            return (null, GoogleErrors.BadRequest("The specified time range is empty.", "timeRangeEmpty"));
        }

        if (ValidateAttendees(fields["attendees"]) is { } attendeeError)
        {
            return (null, attendeeError);
        }

        if (fields["reminders"] is { } reminders && reminders.GetValueKind() != JsonValueKind.Object)
        {
            return (null, GoogleErrors.BadRequest("Invalid value for: reminders"));
        }

        string? status = null;
        if (statusNode is not null)
        {
            status = statusNode.GetValueKind() == JsonValueKind.String ? statusNode.GetValue<string>() : null;
            if (status is null || !Statuses.Contains(status))
            {
                return (null, GoogleErrors.BadRequest("Invalid value for: status"));
            }
        }

        fields["start"] = start.Value.Json.DeepClone();
        fields["end"] = end.Value.Json.DeepClone();
        return (new ValidatedEvent(fields, start.Value, end.Value, status), null);
    }

    private static GoogleApiError? ValidateAttendees(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray attendees)
        {
            return GoogleErrors.BadRequest("Invalid value for: attendees");
        }

        foreach (JsonNode? attendee in attendees)
        {
            if (attendee is not JsonObject entry || entry["email"] is null)
            {
                return GoogleErrors.Required("Missing attendee email.");
            }

            if (entry["email"]!.GetValueKind() != JsonValueKind.String || !EmailAddress.IsValid(entry["email"]!.GetValue<string>()))
            {
                return GoogleErrors.BadRequest("Invalid attendee email.");
            }
        }

        return null;
    }
}
