using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using InsightGig.ProviderSandbox.Common;
using Microsoft.AspNetCore.Http;

namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>An attendee as written by the client.</summary>
internal sealed record AttendeeInput(string Email, string? Name, string Type);

/// <summary>The properties a create or PATCH body sets (null: not in the body). Validated before anything is stored.</summary>
internal sealed record EventChanges
{
    public string? Subject { get; init; }
    public (string Type, string Content)? Body { get; init; }
    public (DateTimeOffset At, string Zone)? Start { get; init; }
    public (DateTimeOffset At, string Zone)? End { get; init; }
    public string? Location { get; init; }
    public IReadOnlyList<AttendeeInput>? Attendees { get; init; }
    public bool? IsOnlineMeeting { get; init; }
    public string? OnlineMeetingProvider { get; init; }
    public string? TransactionId { get; init; }
    public string? Importance { get; init; }
    public string? Sensitivity { get; init; }
    public string? ShowAs { get; init; }
    public bool? IsReminderOn { get; init; }
    public int? ReminderMinutesBeforeStart { get; init; }
    public IReadOnlyList<string>? Categories { get; init; }
    public bool? ResponseRequested { get; init; }
    public bool? AllowNewTimeProposals { get; init; }
    public bool? HideAttendees { get; init; }
}

/// <summary>
/// Reads an event body as Graph does: camelCase properties, OData enum members as strings (anything else is a 400 naming the
/// enum type), <c>start</c>/<c>end</c> as <c>dateTimeTimeZone</c> (IANA or Windows zone names; an offset in the text wins).
/// Unknown properties are ignored (event is an open type); read-only ones (<c>id</c>, <c>iCalUId</c>, ...) too.
/// </summary>
internal static class GraphEventReader
{
    public static async Task<(JsonObject? Body, IResult? Error)> ReadObjectAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) is JsonObject body
                ? (body, null)
                : (null, MicrosoftErrors.UnreadableBody());
        }
        catch (JsonException)
        {
            return (null, MicrosoftErrors.UnreadableBody());
        }
    }

    public static (EventChanges? Changes, IResult? Error) Read(JsonObject body)
    {
        try
        {
            var changes = new EventChanges
            {
                Subject = ReadString(body, "subject"),
                Body = body["body"] is JsonObject itemBody
                    ? (ReadMember(itemBody, "contentType", "bodyType", GraphEnums.BodyTypes) ?? "text", ReadString(itemBody, "content") ?? string.Empty)
                    : null,
                Start = Time(body, "start"),
                End = Time(body, "end"),
                Location = body["location"] is JsonObject location ? ReadString(location, "displayName") ?? string.Empty : null,
                Attendees = body["attendees"] is JsonArray attendees ? [.. attendees.Select(Attendee)] : null,
                IsOnlineMeeting = ReadBoolean(body, "isOnlineMeeting"),
                OnlineMeetingProvider = ReadMember(body, "onlineMeetingProvider", "onlineMeetingProviderType", GraphEnums.OnlineMeetingProviders),
                TransactionId = ReadString(body, "transactionId"),
                Importance = ReadMember(body, "importance", "importance", GraphEnums.Importances),
                Sensitivity = ReadMember(body, "sensitivity", "sensitivity", GraphEnums.Sensitivities),
                ShowAs = ReadMember(body, "showAs", "freeBusyStatus", GraphEnums.FreeBusyStatuses),
                IsReminderOn = ReadBoolean(body, "isReminderOn"),
                ReminderMinutesBeforeStart = ReadInteger(body, "reminderMinutesBeforeStart"),
                Categories = body["categories"] is JsonArray categories ? [.. categories.Select(c => StringValue(c, "categories"))] : null,
                ResponseRequested = ReadBoolean(body, "responseRequested"),
                AllowNewTimeProposals = ReadBoolean(body, "allowNewTimeProposals"),
                HideAttendees = ReadBoolean(body, "hideAttendees"),
            };
            if (changes.Start is { } start && changes.End is { } end && end.At < start.At)
            {
                throw new GraphInputException(MicrosoftErrors.BadRequest("The end time of the event must be after its start time.", "ErrorPropertyValidationFailure"));
            }

            return (changes, null);
        }
        catch (GraphInputException problem)
        {
            return (null, problem.Result);
        }
    }

    /// <summary>Parses a <c>dateTimeTimeZone</c>: the wall-clock text in its zone (UTC without one), or the instant when the text has an offset.</summary>
    public static (DateTimeOffset At, string Zone)? ParseDateTimeTimeZone(string? text, string? zoneName)
    {
        string zone = string.IsNullOrWhiteSpace(zoneName) ? "UTC" : zoneName.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out TimeZoneInfo? info) || text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset withOffset)
            && (text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > 10))
        {
            return (withOffset.ToUniversalTime(), zone);
        }

        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
        {
            return null;
        }

        DateTime wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return info.IsInvalidTime(wall) ? null : (new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(wall, info), TimeSpan.Zero), zone);
    }

    private static (DateTimeOffset At, string Zone)? Time(JsonObject body, string name)
    {
        if (body[name] is null)
        {
            return null;
        }

        if (body[name] is not JsonObject value)
        {
            throw new GraphInputException(MicrosoftErrors.BadRequest($"Cannot convert the value of '{name}' to 'microsoft.graph.dateTimeTimeZone'.", "BadRequest"));
        }

        string? text = ReadString(value, "dateTime");
        string? zone = ReadString(value, "timeZone");
        if (zone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zone.Trim(), out _))
        {
            throw new GraphInputException(MicrosoftErrors.BadRequest(
                $"A valid TimeZone value must be specified. The following TimeZone value is not supported: '{zone}'.", "TimeZoneNotSupportedException"));
        }

        return ParseDateTimeTimeZone(text, zone)
            ?? throw new GraphInputException(MicrosoftErrors.BadRequest($"The value '{text}' of '{name}.dateTime' is not a valid date and time in its time zone.", "ErrorInvalidRequest"));
    }

    private static AttendeeInput Attendee(JsonNode? node)
    {
        if (node is not JsonObject attendee || attendee["emailAddress"] is not JsonObject address)
        {
            throw new GraphInputException(MicrosoftErrors.BadRequest("An attendee needs an emailAddress.", "ErrorInvalidRecipients"));
        }

        string? email = ReadString(address, "address");
        if (!EmailAddress.IsValid(email))
        {
            throw new GraphInputException(MicrosoftErrors.BadRequest($"At least one recipient isn't valid., Recipient '{email}' is not resolved.", "ErrorInvalidRecipients"));
        }

        return new AttendeeInput(email!.Trim(), ReadString(address, "name"), ReadMember(attendee, "type", "attendeeType", GraphEnums.AttendeeTypes) ?? "required");
    }

    private static string? ReadString(JsonObject body, string name) => body[name] is { } node ? StringValue(node, name) : null;

    private static string StringValue(JsonNode? node, string name) =>
        node is JsonValue value && value.TryGetValue(out string? text)
            ? text
            : throw new GraphInputException(MicrosoftErrors.BadRequest($"Cannot convert the value of '{name}' to 'Edm.String'.", "BadRequest"));

    private static bool? ReadBoolean(JsonObject body, string name) =>
        body[name] switch
        {
            null => null,
            JsonValue value when value.TryGetValue(out bool flag) => flag,
            _ => throw new GraphInputException(MicrosoftErrors.BadRequest($"Cannot convert the value of '{name}' to 'Edm.Boolean'.", "BadRequest")),
        };

    private static int? ReadInteger(JsonObject body, string name) =>
        body[name] switch
        {
            null => null,
            JsonValue value when value.TryGetValue(out int number) && number >= 0 => number,
            _ => throw new GraphInputException(MicrosoftErrors.BadRequest($"Cannot convert the value of '{name}' to 'Edm.Int32'.", "BadRequest")),
        };

    private static string? ReadMember(JsonObject body, string name, string enumType, string[] members)
    {
        if (ReadString(body, name) is not { } value)
        {
            return null;
        }

        // Graph's OData reader matches enum members case-insensitively and answers them in their declared spelling.
        return members.FirstOrDefault(member => string.Equals(member, value, StringComparison.OrdinalIgnoreCase))
            ?? throw new GraphInputException(MicrosoftErrors.NotAnEnumMember(value, enumType));
    }

    private sealed class GraphInputException(IResult result) : Exception
    {
        public IResult Result { get; } = result;
    }
}
