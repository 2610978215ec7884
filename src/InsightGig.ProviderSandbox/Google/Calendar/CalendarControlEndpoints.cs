using System.Text.Json;
using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.Google;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace InsightGig.ProviderSandbox.Google.Calendar;

/// <summary>
/// <c>POST /_sandbox/calendar/sync-tokens/expire</c> and <c>POST /_sandbox/calendar/events/{calendarEmail}/{eventId}/move|delete|respond</c>: what a person does in Google
/// Calendar's UI, for tests. Answers the event as the Calendar API renders it, or <c>{error}</c> with Google's status.
/// </summary>
internal static class CalendarControlEndpoints
{
    private sealed record ErrorBody(string Error);

    private sealed record MoveRequest(DateTimeOffset? Start, DateTimeOffset? End);

    private sealed record RespondRequest(string? Email, string? ResponseStatus);

    private sealed record ExpiredBody(int Expired);

    public static void Map(RouteGroupBuilder control)
    {
        control.MapPost("/calendar/sync-tokens/expire", ([FromServices] ProviderSandboxState sandbox) =>
            Results.Json(new ExpiredBody(sandbox.ExpireSyncTokens()), SandboxJson.Control));
        RouteGroupBuilder events = control.MapGroup("/calendar/events/{calendarEmail}/{eventId}");
        events.MapPost("/move", MoveAsync);
        events.MapPost("/delete", (string calendarEmail, string eventId, [FromServices] ProviderSandboxState sandbox) =>
            Answer(sandbox.TryChangeCalendarEvent(calendarEmail, eventId, (service, calendar) => service.DeleteAsOrganizer(calendar, eventId))));
        events.MapPost("/respond", RespondAsync);
    }

    private static async Task<IResult> MoveAsync(string calendarEmail, string eventId, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        MoveRequest? request = await ReadAsync<MoveRequest>(http);
        if (request is not { Start: { } start, End: { } end })
        {
            return BadRequest("Expected {start, end} (RFC 3339 with an offset).");
        }

        return Answer(sandbox.TryChangeCalendarEvent(calendarEmail, eventId, (service, calendar) => service.MoveAsOrganizer(calendar, eventId, start, end)));
    }

    private static async Task<IResult> RespondAsync(string calendarEmail, string eventId, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        RespondRequest? request = await ReadAsync<RespondRequest>(http);
        if (request is not { Email.Length: > 0, ResponseStatus.Length: > 0 })
        {
            return BadRequest($"Expected {{email, responseStatus}}; responseStatus is one of {string.Join(", ", CalendarEventService.Answers)}.");
        }

        return Answer(sandbox.TryChangeCalendarEvent(calendarEmail, eventId,
            (service, calendar) => service.RespondAsGuest(calendar, eventId, request.Email!, request.ResponseStatus!)));
    }

    private static async Task<T?> ReadAsync<T>(HttpContext http)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, SandboxJson.Control, http.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Answer((CalendarEventInfo? Event, GoogleApiError? Error) outcome) =>
        outcome.Event is { } changed
            ? Results.Json(changed.Resource, SandboxJson.CamelCase)
            : Results.Json(new ErrorBody(outcome.Error!.Message), SandboxJson.Control, statusCode: outcome.Error.Code);

    private static IResult BadRequest(string message) => Results.Json(new ErrorBody(message), SandboxJson.Control, statusCode: StatusCodes.Status400BadRequest);
}
