using System.Text.Json;
using InsightGig.ProviderSandbox.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using static InsightGig.ProviderSandbox.Control.ControlResults;

namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>
/// Microsoft's control endpoints under <c>/_sandbox/microsoft</c>: revoke a person's grants, make delta tokens unusable, send a
/// lifecycle notification, and what a person does in Outlook (move, delete, answer) as JSON for tests.
/// </summary>
internal static class MicrosoftControlEndpoints
{
    private sealed record EmailRequest(string? Email);

    private sealed record LifecycleRequest(string? LifecycleEvent);

    private sealed record MoveRequest(DateTimeOffset? Start, DateTimeOffset? End);

    private sealed record RespondRequest(string? Email, string? Response);

    private sealed record CountBody(int Count);

    public static void Map(RouteGroupBuilder control)
    {
        RouteGroupBuilder microsoft = control.MapGroup("/microsoft");
        microsoft.MapPost("/grants/revoke", RevokeAsync);
        microsoft.MapPost("/delta-tokens/expire", ([FromServices] ProviderSandboxState sandbox) => Json(new CountBody(sandbox.ExpireDeltaTokens())));
        microsoft.MapPost("/subscriptions/{id}/lifecycle", LifecycleAsync);
        microsoft.MapPost("/events/{organizerEmail}/{eventId}/move", MoveAsync);
        microsoft.MapPost("/events/{organizerEmail}/{eventId}/delete", (string organizerEmail, string eventId, [FromServices] ProviderSandboxState sandbox) =>
            Answer(() => sandbox.DeleteOutlookEvent(organizerEmail, eventId)));
        microsoft.MapPost("/events/{organizerEmail}/{eventId}/respond", RespondAsync);
    }

    private static async Task<IResult> RevokeAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        EmailRequest? request = await ReadAsync<EmailRequest>(http);
        return request is { Email.Length: > 0 }
            ? Json(new CountBody(sandbox.RevokeMicrosoftGrants(request.Email)))
            : BadRequest("Expected {email}.");
    }

    private static async Task<IResult> LifecycleAsync(string id, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        LifecycleRequest? request = await ReadAsync<LifecycleRequest>(http);
        if (request?.LifecycleEvent is not { } lifecycleEvent || !GraphEnums.LifecycleEvents.Contains(lifecycleEvent))
        {
            return BadRequest($"Expected {{lifecycleEvent}}: one of {string.Join(", ", GraphEnums.LifecycleEvents)}.");
        }

        return sandbox.Microsoft.Subscriptions.Lifecycle(id, lifecycleEvent) is { } problem
            ? BadRequest(problem)
            : Results.Accepted();
    }

    private static async Task<IResult> MoveAsync(string organizerEmail, string eventId, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        MoveRequest? request = await ReadAsync<MoveRequest>(http);
        return request is { Start: { } start, End: { } end }
            ? Answer(() => sandbox.MoveOutlookEvent(organizerEmail, eventId, start, end))
            : BadRequest("Expected {start, end} (ISO 8601 with an offset).");
    }

    private static async Task<IResult> RespondAsync(string organizerEmail, string eventId, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        RespondRequest? request = await ReadAsync<RespondRequest>(http);
        if (request is not { Email.Length: > 0, Response.Length: > 0 })
        {
            return BadRequest($"Expected {{email, response}}; response is one of {string.Join(", ", GraphEnums.Answers)}.");
        }

        return sandbox.GetOutlookEvents(organizerEmail).Any(e => e.Id == eventId && !e.Removed)
            ? Answer(() => sandbox.RespondToOutlookEvent(eventId, request.Email!, request.Response!))
            : Json(new { error = $"{organizerEmail} has no live event {eventId}." }, StatusCodes.Status404NotFound);
    }

    private static IResult Answer(Func<OutlookEventInfo> change)
    {
        try
        {
            return Results.Json(change().Resource, SandboxJson.CamelCase);
        }
        catch (InvalidOperationException problem)
        {
            return Json(new { error = problem.Message }, StatusCodes.Status404NotFound);
        }
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
}
