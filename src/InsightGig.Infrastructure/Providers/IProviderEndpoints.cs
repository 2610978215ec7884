using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Infrastructure.Providers;

/// <summary>
/// HTTP endpoints a provider unit needs in the app (its webhooks): the unit registers one, and the composition root maps
/// them all with <see cref="ProviderEndpointsMapping.MapProviderEndpoints"/>, so a provider's endpoints live in its folder.
/// </summary>
public interface IProviderEndpoints
{
    void Map(IEndpointRouteBuilder endpoints);
}

public static class ProviderEndpointsMapping
{
    /// <summary>Maps the endpoints of every registered provider unit.</summary>
    public static IEndpointRouteBuilder MapProviderEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var unit in endpoints.ServiceProvider.GetServices<IProviderEndpoints>())
        {
            unit.Map(endpoints);
        }

        return endpoints;
    }
}
