using System.Text.Json;
using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.Faults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using static InsightGig.ProviderSandbox.Control.ControlResults;

namespace InsightGig.ProviderSandbox.Control;

/// <summary>
/// The control API under <c>/_sandbox</c> (JSON, camelCase): inspection, faults, expiry and reset, plus what each
/// provider's part maps there (<see cref="ISandboxProvider.MapControl"/>).
/// It has no authentication: mount the sandbox only in development and test hosts.
/// </summary>
internal static class ControlEndpoints
{
    private sealed record ExpiredBody(int Expired);

    public static void Map(RouteGroupBuilder control)
    {
        control.MapGet("/state", ([FromServices] ProviderSandboxState sandbox) => Json(sandbox.GetSnapshot()));
        control.MapGet("/faults", ([FromServices] ProviderSandboxState sandbox) => Json(sandbox.GetFaults()));
        control.MapPost("/faults", AddFaultAsync);
        control.MapDelete("/faults", ([FromServices] ProviderSandboxState sandbox) =>
        {
            sandbox.ClearFaults();
            return Results.NoContent();
        });
        control.MapPost("/tokens/expire", ExpireTokens);
        foreach (ISandboxProvider part in SandboxParts.All)
        {
            part.MapControl(control);
        }

        control.MapPost("/reset", ([FromServices] ProviderSandboxState sandbox) =>
        {
            sandbox.Reset();
            return Results.NoContent();
        });
    }

    private static async Task<IResult> AddFaultAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        SandboxFault? fault;
        try
        {
            fault = await JsonSerializer.DeserializeAsync<SandboxFault>(http.Request.Body, SandboxJson.Control, http.RequestAborted);
        }
        catch (JsonException exception)
        {
            return BadRequest($"Invalid fault: {exception.Message}");
        }

        if (fault is null)
        {
            return BadRequest("Expected a fault object.");
        }

        return FaultRegistry.Validate(fault) is { } problem
            ? BadRequest(problem)
            : Json(sandbox.InjectFault(fault), StatusCodes.Status201Created);
    }

    private static IResult ExpireTokens(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        string? providerName = http.Request.Query["provider"];
        if (string.IsNullOrEmpty(providerName))
        {
            return Json(new ExpiredBody(sandbox.ExpireAccessTokens()));
        }

        return SandboxProviderNames.TryParse(providerName, out SandboxProvider provider)
            ? Json(new ExpiredBody(sandbox.ExpireAccessTokens(provider)))
            : BadRequest($"provider must be {SandboxProviderNames.Expected}.");
    }
}
