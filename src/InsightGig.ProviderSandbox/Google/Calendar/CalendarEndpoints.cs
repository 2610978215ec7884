using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace InsightGig.ProviderSandbox.Google.Calendar;

/// <summary>
/// Calendar API v3 events methods at the discovery document's paths (rootUrl + servicePath = <c>/google/calendar/v3/</c>).
/// <c>calendarId</c> is <c>primary</c> or the token owner's email; any other calendar is "Not Found", as Google answers for
/// calendars the caller cannot see.
/// </summary>
internal static class CalendarEndpoints
{
    private const string Events = "/calendars/{calendarId}/events";
    private const string Event = Events + "/{eventId}";
    private static readonly string[] SendUpdatesValues = ["all", "externalOnly", "none"];

    public static void Map(RouteGroupBuilder google)
    {
        RouteGroupBuilder calendar = google.MapGroup("/calendar/v3")
            .WithMetadata(new SandboxEndpointKindMetadata(SandboxEndpointKind.Api));
        calendar.MapGet(Events, List).WithMetadata(new GoogleCalendarMethod("list", GoogleScopes.EventsRead));
        calendar.MapPost(Events, InsertAsync).WithMetadata(new GoogleCalendarMethod("insert", GoogleScopes.EventsWrite));
        calendar.MapGet(Event, Get).WithMetadata(new GoogleCalendarMethod("get", GoogleScopes.EventsRead));
        calendar.MapPatch(Event, PatchAsync).WithMetadata(new GoogleCalendarMethod("patch", GoogleScopes.EventsWrite));
        calendar.MapPut(Event, UpdateAsync).WithMetadata(new GoogleCalendarMethod("update", GoogleScopes.EventsWrite));
        calendar.MapDelete(Event, Delete).WithMetadata(new GoogleCalendarMethod("delete", GoogleScopes.EventsWrite));
        CalendarPushEndpoints.Map(calendar, Events + "/watch");
        CalendarFreeBusyEndpoint.Map(calendar);

        // The page an event's htmlLink opens.
        google.MapGet("/calendar/event", EventPage).AsInspection();

        // A person's calendar: move or delete their events, answer invitations.
        CalendarPages.Map(google);
    }

    private static IResult List(string calendarId, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (GoogleCalendar? calendar, IResult? error) = Resolve(http, sandbox, calendarId);
        if (calendar is null)
        {
            return error!;
        }

        (EventListRequest? request, GoogleApiError? invalid) = EventListRequestReader.Read(http.Request.Query);
        if (request is null)
        {
            return invalid!.ToResult();
        }

        CalendarResult listed = sandbox.Google.Events.List(calendar, request);
        // An invitation lives in the organizer's calendar here; a guest looking it up by iCalUID finds their copy.
        if (request.Filter.ICalUid is { } iCalUid && listed.Resource?["items"] is JsonArray { Count: 0 } items
            && sandbox.Google.Events.FindGuestCopy(AllCalendars(sandbox), calendar.Id, iCalUid) is { } copy)
        {
            items.Add(copy);
        }

        return Answer(listed);
    }

    private static IEnumerable<GoogleCalendar> AllCalendars(ProviderSandboxState sandbox) => sandbox.Google.Accounts.All().Select(a => a.Calendar);

    private static async Task<IResult> InsertAsync(string calendarId, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (GoogleCalendar? calendar, JsonObject? body, EventWriteOptions? options, IResult? error) = await ReadWriteAsync(http, sandbox, calendarId);
        return calendar is null
            ? error!
            : Answer(sandbox.Google.Events.Insert(calendar, body!, options!, SandboxUrls.Root(http)));
    }

    private static IResult Get(string calendarId, string eventId, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (GoogleCalendar? calendar, IResult? error) = Resolve(http, sandbox, calendarId);
        return calendar is null ? error! : Answer(sandbox.Google.Events.Get(calendar, eventId));
    }

    private static async Task<IResult> PatchAsync(string calendarId, string eventId, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (GoogleCalendar? calendar, JsonObject? body, EventWriteOptions? options, IResult? error) = await ReadWriteAsync(http, sandbox, calendarId);
        if (calendar is null)
        {
            return error!;
        }

        // A guest patching their copy of an invitation answers it.
        return !CalendarEventService.Contains(calendar, eventId) && sandbox.Google.Events.PatchGuestCopy(AllCalendars(sandbox), calendar.Id, eventId, body!) is { } answered
            ? Answer(answered)
            : Answer(sandbox.Google.Events.Patch(calendar, eventId, body!, options!));
    }

    private static async Task<IResult> UpdateAsync(string calendarId, string eventId, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (GoogleCalendar? calendar, JsonObject? body, EventWriteOptions? options, IResult? error) = await ReadWriteAsync(http, sandbox, calendarId);
        return calendar is null ? error! : Answer(sandbox.Google.Events.Update(calendar, eventId, body!, options!));
    }

    private static IResult Delete(string calendarId, string eventId, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (GoogleCalendar? calendar, IResult? error) = Resolve(http, sandbox, calendarId);
        if (calendar is null)
        {
            return error!;
        }

        (EventWriteOptions? options, GoogleApiError? invalid) = ReadWriteOptions(http.Request.Query);
        if (options is null)
        {
            return invalid!.ToResult();
        }

        return sandbox.Google.Events.Delete(calendar, eventId, options) is { } failure ? failure.ToResult() : Results.NoContent();
    }

    private static IResult EventPage(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(http.Request.Query["eid"].ToString())).Split(' ', 2);
        }
        catch (FormatException)
        {
            parts = [];
        }

        JsonObject? resource = parts.Length == 2 && sandbox.Google.Accounts.FindByEmail(parts[1]) is { } account
            ? sandbox.Google.Events.Get(account.Calendar, parts[0]).Resource
            : null;
        if (resource is null)
        {
            return HtmlPage.Error("Event not found", "This event does not exist.", StatusCodes.Status404NotFound);
        }

        string when = $"{resource["start"]?["dateTime"] ?? resource["start"]?["date"]} to {resource["end"]?["dateTime"] ?? resource["end"]?["date"]}";
        string meet = resource["hangoutLink"] is { } link ? $"<p>Google Meet: {HtmlPage.E(link.ToString())}</p>" : string.Empty;
        string guests = string.Concat((resource["attendees"] as JsonArray ?? []).Select(a =>
            $"<li>{HtmlPage.E(a?["email"]?.ToString())} ({HtmlPage.E(a?["responseStatus"]?.ToString())})</li>"));
        string title = resource["summary"]?.ToString() ?? "(No title)";
        return HtmlPage.Render(title, $"""
            <h1>{HtmlPage.E(title)}</h1>
            <p>{HtmlPage.E(when)}</p>
            <p>Status: {HtmlPage.E(resource["status"]?.ToString())}</p>
            {meet}
            <h2>Guests</h2>
            <ul>{guests}</ul>
            <p>{HtmlPage.E(resource["description"]?.ToString())}</p>
            """);
    }

    private static IResult Answer(CalendarResult result) =>
        result.Resource is { } resource ? Results.Json(resource, SandboxJson.CamelCase) : result.Error!.ToResult();

    private static (GoogleCalendar? Calendar, IResult? Error) Resolve(HttpContext http, ProviderSandboxState sandbox, string calendarId)
    {
        (GoogleAccount? account, _, IResult? error) = GoogleApiAuth.Authenticate(http, sandbox);
        if (account is null)
        {
            return (null, error);
        }

        return calendarId == "primary" || string.Equals(calendarId, account.Email, StringComparison.OrdinalIgnoreCase)
            ? (account.Calendar, null)
            : (null, GoogleErrors.NotFound().ToResult());
    }

    private static async Task<(GoogleCalendar?, JsonObject?, EventWriteOptions?, IResult?)> ReadWriteAsync(
        HttpContext http,
        ProviderSandboxState sandbox,
        string calendarId)
    {
        (GoogleCalendar? calendar, IResult? error) = Resolve(http, sandbox, calendarId);
        if (calendar is null)
        {
            return (null, null, null, error);
        }

        (EventWriteOptions? options, GoogleApiError? invalid) = ReadWriteOptions(http.Request.Query);
        if (options is null)
        {
            return (null, null, null, invalid!.ToResult());
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

        return body is null
            ? (null, null, null, GoogleErrors.ParseError().ToResult())
            : (calendar, body, options, null);
    }

    /// <summary>conferenceDataVersion 0|1 (default 0); sendUpdates all|externalOnly|none, else the deprecated sendNotifications, else none.</summary>
    private static (EventWriteOptions? Options, GoogleApiError? Error) ReadWriteOptions(IQueryCollection query)
    {
        int version = 0;
        string? versionText = query["conferenceDataVersion"];
        if (!string.IsNullOrEmpty(versionText)
            && (!int.TryParse(versionText, NumberStyles.Integer, CultureInfo.InvariantCulture, out version) || version is < 0 or > 1))
        {
            return (null, GoogleErrors.BadRequest($"Invalid value '{versionText}'. Values must be within the range: [0, 1]"));
        }

        string? sendUpdates = query["sendUpdates"];
        if (!string.IsNullOrEmpty(sendUpdates))
        {
            return SendUpdatesValues.Contains(sendUpdates)
                ? (new EventWriteOptions(version, sendUpdates, true), null)
                : (null, GoogleErrors.BadRequest($"Invalid value for: sendUpdates"));
        }

        bool notify = bool.TryParse(query["sendNotifications"], out bool parsed) && parsed;
        return (new EventWriteOptions(version, notify ? "all" : "none", query.ContainsKey("sendNotifications")), null);
    }
}
