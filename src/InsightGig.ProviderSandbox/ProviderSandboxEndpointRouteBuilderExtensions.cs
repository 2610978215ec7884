using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.Control;
using InsightGig.ProviderSandbox.Faults;
using InsightGig.ProviderSandbox.Pages;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.ProviderSandbox;

/// <summary>Mounts the provider sandbox in an app.</summary>
public static class ProviderSandboxEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the sandbox under <paramref name="prefix"/>: <c>{prefix}/</c> (index page), each provider part's
    /// <c>{prefix}/{path}/...</c> (<c>zoom</c>, <c>google</c>) and the control API <c>{prefix}/_sandbox/...</c>. The endpoints allow anonymous
    /// access, except the inspection endpoints (the index, the control API, a person's calendar pages) when
    /// <paramref name="inspectionPolicy"/> is given, and are excluded from API descriptions. Requires
    /// <see cref="ProviderSandboxServiceCollectionExtensions.AddProviderSandbox"/>.
    /// </summary>
    /// <param name="endpoints">The app's endpoints.</param>
    /// <param name="prefix">Where to mount it.</param>
    /// <param name="inspectionPolicy">The authorization policy the inspection endpoints require; null leaves them open (a test or development host).</param>
    /// <returns>The group of all sandbox endpoints, for further conventions.</returns>
    public static RouteGroupBuilder MapProviderSandbox(this IEndpointRouteBuilder endpoints, string prefix = "/sandbox", string? inspectionPolicy = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<ProviderSandboxState>() is null)
        {
            throw new InvalidOperationException("Call services.AddProviderSandbox() before MapProviderSandbox().");
        }

        string normalized = SandboxUrls.NormalizePrefix(prefix);
        RouteGroupBuilder root = endpoints.MapGroup(normalized);
        root.WithMetadata(new SandboxMountMetadata(normalized)).ExcludeFromDescription();
        // Last, when every endpoint's own metadata is known: an [AllowAnonymous] anywhere would override the policy.
        ((IEndpointConventionBuilder)root).Finally(endpoint => endpoint.Metadata.Add(
            inspectionPolicy is not null && endpoint.Metadata.OfType<SandboxInspectionMetadata>().Any()
                ? new AuthorizeAttribute(inspectionPolicy)
                : new AllowAnonymousAttribute()));
        root.AddEndpointFilter(UnreadableFormIsBadRequestAsync);
        root.MapGet("/", IndexPage.Render).AsInspection();
        ControlEndpoints.Map(root.MapGroup("/_sandbox").AsInspection());

        foreach (ISandboxProvider part in SandboxParts.All)
        {
            part.Map(ProviderGroup(root, "/" + part.Path, part.Provider));
        }

        return root;
    }

    /// <summary>
    /// A form ASP.NET Core cannot read (a NUL in a value, over the form limits) is the client's mistake: 400
    /// <c>invalid_request</c>, as the providers answer a malformed request, not a 500.
    /// </summary>
    private static async ValueTask<object?> UnreadableFormIsBadRequestAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (InvalidDataException)
        {
            return Results.BadRequest(new { error = "invalid_request", error_description = "The form could not be read." });
        }
    }

    /// <summary>A provider's endpoints share the fault/latency/request-log filter.</summary>
    private static RouteGroupBuilder ProviderGroup(RouteGroupBuilder root, string path, SandboxProvider provider)
    {
        RouteGroupBuilder group = root.MapGroup(path);
        group.WithMetadata(new SandboxProviderMetadata(provider)).AddEndpointFilter<RouteGroupBuilder, ProviderEndpointFilter>();
        return group;
    }
}
