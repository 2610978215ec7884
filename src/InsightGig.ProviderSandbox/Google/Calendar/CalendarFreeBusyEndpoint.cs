using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace InsightGig.ProviderSandbox.Google.Calendar;

/// <summary>
/// <c>POST freeBusy</c> (calendar.freebusy.query): the busy time ranges of the caller's own calendar between timeMin and
/// timeMax, merged, with no titles. Busy are the caller's events that are not cancelled or "transparent", and the
/// invitations in other calendars they have not declined. A calendar other than the caller's answers
/// <c>errors: [{reason: notFound}]</c>, as Google does for calendars one cannot see.
/// </summary>
internal static class CalendarFreeBusyEndpoint
{
    private static readonly string[] Scopes =
    [
        GoogleScopes.Calendar, "https://www.googleapis.com/auth/calendar.events.freebusy",
        "https://www.googleapis.com/auth/calendar.freebusy", "https://www.googleapis.com/auth/calendar.readonly",
    ];

    public static void Map(RouteGroupBuilder calendar) =>
        calendar.MapPost("/freeBusy", QueryAsync).WithMetadata(new GoogleCalendarMethod("query", Scopes, "freebusy"));

    private static async Task<IResult> QueryAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (GoogleAccount? account, _, IResult? error) = GoogleApiAuth.Authenticate(http, sandbox);
        if (account is null)
        {
            return error!;
        }

        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is null)
        {
            return GoogleErrors.ParseError().ToResult();
        }

        (DateTimeOffset? from, GoogleApiError? fromError) = Instant(body, "timeMin");
        (DateTimeOffset? to, GoogleApiError? toError) = Instant(body, "timeMax");
        if ((fromError ?? toError) is { } invalid)
        {
            return invalid.ToResult();
        }

        if (to <= from)
        {
            return GoogleErrors.BadRequest("The specified time range is empty.", "timeRangeEmpty").ToResult();
        }

        var calendars = new JsonObject();
        foreach (string id in (body["items"] as JsonArray ?? []).OfType<JsonObject>().Select(i => i["id"]?.ToString()).OfType<string>().Distinct())
        {
            calendars[id] = id == "primary" || string.Equals(id, account.Email, StringComparison.OrdinalIgnoreCase)
                ? new JsonObject { ["busy"] = Busy(sandbox, account, from!.Value, to!.Value) }
                : new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["domain"] = "global", ["reason"] = "notFound" }) };
        }

        return Results.Json(new JsonObject
        {
            ["kind"] = "calendar#freeBusy",
            ["timeMin"] = Text(from!.Value),
            ["timeMax"] = Text(to!.Value),
            ["calendars"] = calendars,
        });
    }

    private static JsonArray Busy(ProviderSandboxState sandbox, GoogleAccount account, DateTimeOffset from, DateTimeOffset to)
    {
        var ranges = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        foreach (GoogleAccount owner in sandbox.Google.Accounts.All())
        {
            lock (owner.Calendar.Gate)
            {
                foreach (CalendarEvent calendarEvent in owner.Calendar.Events.Values)
                {
                    bool counts = calendarEvent.Status != "cancelled"
                        && calendarEvent.Fields["transparency"]?.ToString() != "transparent"
                        && calendarEvent.Start.Instant < to && calendarEvent.End.Instant > from
                        && (owner == account || IsInvitedAndNotDeclined(calendarEvent, account.Email));
                    if (counts)
                    {
                        ranges.Add((Max(calendarEvent.Start.Instant, from), Min(calendarEvent.End.Instant, to)));
                    }
                }
            }
        }

        var busy = new JsonArray();
        (DateTimeOffset Start, DateTimeOffset End)? current = null;
        foreach (var range in ranges.OrderBy(r => r.Start))
        {
            if (current is { } open && range.Start <= open.End)
            {
                current = (open.Start, Max(open.End, range.End));
                continue;
            }

            Add(busy, current);
            current = range;
        }

        Add(busy, current);
        return busy;
    }

    private static bool IsInvitedAndNotDeclined(CalendarEvent calendarEvent, string email) =>
        (calendarEvent.Fields["attendees"] as JsonArray ?? []).OfType<JsonObject>().Any(a =>
            string.Equals(a["email"]?.ToString(), email, StringComparison.OrdinalIgnoreCase) && a["responseStatus"]?.ToString() != "declined");

    private static void Add(JsonArray busy, (DateTimeOffset Start, DateTimeOffset End)? range)
    {
        if (range is { } r)
        {
            busy.Add(new JsonObject { ["start"] = Text(r.Start), ["end"] = Text(r.End) });
        }
    }

    private static (DateTimeOffset? Instant, GoogleApiError? Error) Instant(JsonObject body, string name)
    {
        string? text = body[name]?.ToString();
        if (string.IsNullOrEmpty(text))
        {
            return (null, GoogleErrors.Required($"Missing {name}."));
        }

        // RFC 3339 with an offset, as the API requires ("2027-01-11T09:00:00Z", "…+01:00").
        return text.Length >= 20 && (text.EndsWith('Z') || text[^6] is '+' or '-')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset instant)
            ? (instant, null)
            : (null, GoogleErrors.BadRequest($"Bad Request: invalid {name}."));
    }

    private static string Text(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
