using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace InsightGig.ProviderSandbox.Zoom;

/// <summary>
/// Validates a meeting create/update body against the OpenAPI MeetingDetails / UpdateMeetingRequest rules
/// (topic ≤ 200, agenda ≤ 2000, type 1|2|3|8, passcode ≤ 10 of [a-zA-Z0-9@-_*!], start_time GMT or local + timezone).
/// </summary>
internal static partial class ZoomMeetingRequestReader
{
    private static readonly int[] MeetingTypes = [1, 2, 3, 8];

    public static (ZoomMeetingChanges? Changes, ZoomFieldError? Error) Read(JsonObject body, string fallbackTimezone)
    {
        if (!TryString(body, "topic", out string? topic) || topic?.Length > 200)
        {
            return Fail("topic", "Topic must be a string of at most 200 characters.");
        }

        if (!TryString(body, "agenda", out string? agenda) || agenda?.Length > 2000)
        {
            return Fail("agenda", "Agenda must be a string of at most 2000 characters.");
        }

        if (!TryInt(body, "type", out int? type) || (type is { } t && !MeetingTypes.Contains(t)))
        {
            return Fail("type", "Invalid meeting type. Supported types are 1, 2, 3 and 8.");
        }

        if (!TryInt(body, "duration", out int? duration) || duration < 0)
        {
            return Fail("duration", "Duration must be a non-negative integer (minutes).");
        }

        if (!TryString(body, "timezone", out string? timezone)
            || (timezone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out _)))
        {
            return Fail("timezone", $"Invalid timezone: {timezone}.");
        }

        if (!TryString(body, "password", out string? password) || (password is not null && !PasscodePattern().IsMatch(password)))
        {
            return Fail("password", "Passcode may only contain [a-z A-Z 0-9 @ - _ * !] and can have a maximum of 10 characters.");
        }

        if (body["settings"] is { } settingsNode && settingsNode.GetValueKind() != JsonValueKind.Object)
        {
            return Fail("settings", "Settings must be an object.");
        }

        if (!TryString(body, "start_time", out string? startText))
        {
            return Fail("start_time", "Invalid parameter: start_time.");
        }

        DateTimeOffset? startTime = null;
        if (startText is not null)
        {
            startTime = ParseStartTime(startText, timezone ?? fallbackTimezone);
            if (startTime is null)
            {
                return Fail("start_time", "Invalid parameter: start_time.");
            }
        }

        return (new ZoomMeetingChanges
        {
            Topic = topic,
            Agenda = agenda,
            Type = type,
            Duration = duration,
            Timezone = timezone,
            Password = password,
            StartTime = startTime,
            Settings = body["settings"] as JsonObject,
        }, null);
    }

    /// <summary><c>yyyy-MM-ddTHH:mm:ssZ</c> (GMT, an explicit offset is accepted too) or <c>yyyy-MM-ddTHH:mm:ss</c> local to <paramref name="timezone"/>.</summary>
    internal static DateTimeOffset? ParseStartTime(string text, string timezone)
    {
        Match match = StartTimePattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        if (match.Groups["offset"].Success)
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset instant)
                ? instant.ToUniversalTime()
                : null;
        }

        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local)
            || !TimeZoneInfo.TryFindSystemTimeZoneById(timezone, out TimeZoneInfo? zone))
        {
            return null;
        }

        try
        {
            return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
        }
        catch (ArgumentException)
        {
            return null; // a local time skipped by a daylight-saving change
        }
    }

    private static (ZoomMeetingChanges?, ZoomFieldError?) Fail(string field, string message) => (null, new ZoomFieldError(field, message));

    private static bool TryString(JsonObject body, string name, out string? value)
    {
        value = null;
        JsonNode? node = body[name];
        if (node is null)
        {
            return true;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            return false;
        }

        value = node.GetValue<string>();
        return true;
    }

    private static bool TryInt(JsonObject body, string name, out int? value)
    {
        value = null;
        JsonNode? node = body[name];
        if (node is null)
        {
            return true;
        }

        if (node is JsonValue number && number.GetValueKind() == JsonValueKind.Number && number.TryGetValue(out int parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(?<offset>Z|[+-]\d{2}:\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex StartTimePattern();

    [GeneratedRegex(@"^[a-zA-Z0-9@\-_*!]{1,10}$", RegexOptions.CultureInvariant)]
    private static partial Regex PasscodePattern();
}
