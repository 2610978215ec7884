using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace InsightGig.ProviderSandbox.Google.Calendar;

/// <summary>An event's start or end: the instant (all-day dates count from midnight UTC) and its normalized JSON.</summary>
internal readonly record struct EventTime(DateTimeOffset Instant, bool AllDay, JsonObject Json);

/// <summary>Reads EventDateTime objects with the rules and messages of the Calendar API.</summary>
internal static partial class EventTimeReader
{
    public static (EventTime? Time, GoogleApiError? Error) Read(JsonNode? node, string which)
    {
        if (node is not JsonObject time)
        {
            return (null, GoogleErrors.Required($"Missing {which} time."));
        }

        string? timeZoneId = StringOf(time["timeZone"]);
        TimeZoneInfo? zone = null;
        if (timeZoneId is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out zone))
        {
            return (null, GoogleErrors.BadRequest($"Invalid time zone definition for {which} time."));
        }

        if (StringOf(time["date"]) is { } dateText)
        {
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
            {
                return (null, GoogleErrors.BadRequest($"Invalid {which} time."));
            }

            var json = new JsonObject { ["date"] = dateText };
            if (timeZoneId is not null)
            {
                json["timeZone"] = timeZoneId;
            }

            return (new EventTime(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), true, json), null);
        }

        if (StringOf(time["dateTime"]) is not { } dateTimeText)
        {
            return (null, GoogleErrors.Required($"Missing {which} time."));
        }

        Match match = Rfc3339().Match(dateTimeText);
        if (!match.Success)
        {
            return (null, GoogleErrors.BadRequest($"Invalid {which} time."));
        }

        DateTimeOffset instant;
        if (match.Groups["offset"].Success)
        {
            if (!DateTimeOffset.TryParse(dateTimeText, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant))
            {
                return (null, GoogleErrors.BadRequest($"Invalid {which} time."));
            }
        }
        else if (zone is null)
        {
            return (null, GoogleErrors.BadRequest($"Missing time zone definition for {which} time.", "required"));
        }
        else if (!TryLocal(dateTimeText, zone, out instant))
        {
            return (null, GoogleErrors.BadRequest($"Invalid {which} time."));
        }

        // Google answers the dateTime in the event's time zone when one is set.
        DateTimeOffset shown = zone is null ? instant : TimeZoneInfo.ConvertTime(instant, zone);
        var result = new JsonObject { ["dateTime"] = FormatRfc3339(shown) };
        if (timeZoneId is not null)
        {
            result["timeZone"] = timeZoneId;
        }

        return (new EventTime(instant, false, result), null);
    }

    /// <summary>RFC 3339 with "Z" for UTC and "+hh:mm" otherwise.</summary>
    public static string FormatRfc3339(DateTimeOffset value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
        + (value.Offset == TimeSpan.Zero ? "Z" : value.ToString("zzz", CultureInfo.InvariantCulture));

    /// <summary>created/updated timestamps, e.g. "2025-05-01T10:00:00.000Z".</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A query-string RFC 3339 timestamp with a mandatory offset (timeMin, timeMax, updatedMin).</summary>
    public static DateTimeOffset? ParseQueryTimestamp(string text)
    {
        Match match = Rfc3339().Match(text);
        return match.Success && match.Groups["offset"].Success
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset value)
                ? value
                : null;
    }

    private static bool TryLocal(string text, TimeZoneInfo zone, out DateTimeOffset instant)
    {
        instant = default;
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
        {
            return false;
        }

        try
        {
            instant = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(?<offset>[Zz]|[+-]\d{2}:\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
