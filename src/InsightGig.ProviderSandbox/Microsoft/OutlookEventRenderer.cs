using System.Globalization;
using System.Text.Json.Nodes;

namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>
/// An event as Graph v1.0 answers it: every property of <c>microsoft.graph.event</c> (null when unset, as Graph), times as
/// <c>dateTimeTimeZone</c> in UTC (or the zone of <c>Prefer: outlook.timezone</c>) with seven fractional digits, and the
/// <c>@odata.etag</c> annotation made from the change key.
/// </summary>
internal static class OutlookEventRenderer
{
    private const string Timestamp = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private const string NeverAnswered = "0001-01-01T00:00:00Z";

    public static JsonObject Render(OutlookEvent e, string? preferredZone)
    {
        var attendees = new JsonArray();
        foreach (OutlookAttendee attendee in e.Attendees)
        {
            attendees.Add(new JsonObject
            {
                ["type"] = attendee.Type,
                ["status"] = Status(attendee.Response, attendee.ResponseTime),
                ["emailAddress"] = Address(attendee.Name ?? attendee.Email, attendee.Email),
            });
        }

        return new JsonObject
        {
            ["@odata.etag"] = $"W/\"{e.ChangeKey}\"",
            ["id"] = e.Id,
            ["createdDateTime"] = e.CreatedAt.UtcDateTime.ToString(Timestamp, CultureInfo.InvariantCulture),
            ["lastModifiedDateTime"] = e.LastModifiedAt.UtcDateTime.ToString(Timestamp, CultureInfo.InvariantCulture),
            ["changeKey"] = e.ChangeKey,
            ["categories"] = new JsonArray([.. e.Categories.Select(c => (JsonNode?)JsonValue.Create(c))]),
            ["transactionId"] = e.TransactionId,
            ["originalStartTimeZone"] = e.StartZone,
            ["originalEndTimeZone"] = e.EndZone,
            ["iCalUId"] = e.ICalUId,
            ["reminderMinutesBeforeStart"] = e.ReminderMinutesBeforeStart,
            ["isReminderOn"] = e.IsReminderOn,
            ["hasAttachments"] = false,
            ["subject"] = e.Subject,
            ["bodyPreview"] = Preview(e),
            ["importance"] = e.Importance,
            ["sensitivity"] = e.Sensitivity,
            ["isAllDay"] = false,
            ["isCancelled"] = e.Cancelled,
            ["isOrganizer"] = true,
            ["responseRequested"] = e.ResponseRequested,
            ["seriesMasterId"] = null,
            ["showAs"] = e.ShowAs,
            ["type"] = "singleInstance",
            ["webLink"] = WebLink(e.Id),
            ["onlineMeetingUrl"] = null,
            ["isOnlineMeeting"] = e.IsOnlineMeeting,
            ["onlineMeetingProvider"] = e.OnlineMeetingProvider,
            ["allowNewTimeProposals"] = e.AllowNewTimeProposals,
            ["isDraft"] = false,
            ["hideAttendees"] = e.HideAttendees,
            ["cancelledOccurrences"] = new JsonArray(),
            ["responseStatus"] = Status(GraphEnums.Organizer, null),
            ["body"] = new JsonObject { ["contentType"] = e.BodyType, ["content"] = e.BodyContent },
            ["start"] = Time(e.Start, preferredZone),
            ["end"] = Time(e.End, preferredZone),
            ["location"] = Location(e.Location),
            ["locations"] = string.IsNullOrEmpty(e.Location) ? new JsonArray() : new JsonArray(Location(e.Location)),
            ["recurrence"] = null,
            ["attendees"] = attendees,
            ["organizer"] = new JsonObject { ["emailAddress"] = Address(e.OwnerName, e.OwnerEmail) },
            ["onlineMeeting"] = e.JoinUrl is null ? null : new JsonObject { ["joinUrl"] = e.JoinUrl },
        };
    }

    /// <summary>A <c>responseStatus</c>: the answer and when it was given (the year 1 when never).</summary>
    public static JsonObject Status(string response, DateTimeOffset? answeredAt) => new()
    {
        ["response"] = response,
        ["time"] = answeredAt?.UtcDateTime.ToString(Timestamp, CultureInfo.InvariantCulture) ?? NeverAnswered,
    };

    public static string WebLink(string itemId) => $"https://outlook.office365.com/owa/?itemid={Uri.EscapeDataString(itemId)}&exvsurl=1&path=/calendar/item";

    /// <summary>A <c>dateTimeTimeZone</c> in UTC, or in <paramref name="zoneName"/> when it is a zone the host knows.</summary>
    public static JsonObject Time(DateTimeOffset instant, string? zoneName)
    {
        if (zoneName is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out TimeZoneInfo? zone))
        {
            return new JsonObject
            {
                ["dateTime"] = TimeZoneInfo.ConvertTime(instant, zone).DateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
                ["timeZone"] = zoneName,
            };
        }

        return new JsonObject
        {
            ["dateTime"] = instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
            ["timeZone"] = "UTC",
        };
    }

    private static JsonObject Address(string name, string address) => new() { ["name"] = name, ["address"] = address };

    private static JsonObject Location(string? displayName) => new()
    {
        ["displayName"] = displayName ?? string.Empty,
        ["locationType"] = "default",
        ["uniqueIdType"] = string.IsNullOrEmpty(displayName) ? "unknown" : "private",
        ["address"] = new JsonObject(),
        ["coordinates"] = new JsonObject(),
    };

    /// <summary>The first 255 characters of the body as text (Graph strips the HTML).</summary>
    private static string Preview(OutlookEvent e)
    {
        string text = e.BodyType == "html" ? System.Text.RegularExpressions.Regex.Replace(e.BodyContent, "<[^>]*>", " ") : e.BodyContent;
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= 255 ? text : text[..255];
    }
}
