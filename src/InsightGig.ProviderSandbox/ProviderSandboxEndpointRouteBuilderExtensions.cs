using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.Control;
using InsightGig.ProviderSandbox.Faults;
using InsightGig.ProviderSandbox.Google;
using InsightGig.ProviderSandbox.Google.Calendar;
using InsightGig.ProviderSandbox.Pages;
using InsightGig.ProviderSandbox.Zoom;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.ProviderSandbox;

/// <summary>Mounts the provider sandbox in an app.</summary>
public static class ProviderSandboxEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the sandbox under <paramref name="prefix"/>: <c>{prefix}/</c> (index page), <c>{prefix}/zoom/...</c>,
    /// <c>{prefix}/google/...</c> and the control API <c>{prefix}/_sandbox/...</c>. The endpoints allow anonymous
    /// access and are excluded from API descriptions. Requires <see cref="ProviderSandboxServiceCollectionExtensions.AddProviderSandbox"/>.
    /// </summary>
    /// <returns>The group of all sandbox endpoints, for further conventions.</returns>
    public static RouteGroupBuilder MapProviderSandbox(this IEndpointRouteBuilder endpoints, string prefix = "/sandbox")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<ProviderSandboxState>() is null)
        {
            throw new InvalidOperationException("Call services.AddProviderSandbox() before MapProviderSandbox().");
        }

        string normalized = SandboxUrls.NormalizePrefix(prefix);
        RouteGroupBuilder root = endpoints.MapGroup(normalized);
        root.WithMetadata(new SandboxMountMetadata(normalized)).AllowAnonymous().ExcludeFromDescription();
        root.MapGet("/", IndexPage.Render);
        ControlEndpoints.Map(root.MapGroup("/_sandbox"));

        RouteGroupBuilder zoom = ProviderGroup(root, "/zoom", SandboxProvider.Zoom);
        ZoomOAuthEndpoints.Map(zoom);
        ZoomApiEndpoints.Map(zoom);

        RouteGroupBuilder google = ProviderGroup(root, "/google", SandboxProvider.Google);
        GoogleOAuthEndpoints.Map(google);
        CalendarEndpoints.Map(google);
        return root;
    }

    /// <summary>A provider's endpoints share the fault/latency/request-log filter.</summary>
    private static RouteGroupBuilder ProviderGroup(RouteGroupBuilder root, string path, SandboxProvider provider)
    {
        RouteGroupBuilder group = root.MapGroup(path);
        group.WithMetadata(new SandboxProviderMetadata(provider)).AddEndpointFilter<RouteGroupBuilder, ProviderEndpointFilter>();
        return group;
    }
}
