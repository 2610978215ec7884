using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Integrations;
using InsightGig.Infrastructure.Providers.Google;
using InsightGig.Infrastructure.Providers.Zoom;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InsightGig.Infrastructure.Providers;

public static class ProviderAdaptersRegistration
{
    /// <summary>
    /// The Zoom and Google adapters (<see cref="IOAuthAccountLinker"/> for both, Zoom as <see cref="IVideoMeetingProvider"/>,
    /// Google as <see cref="ICalendarProvider"/>), their options (<c>Providers:Zoom</c>, <c>Providers:Google</c>, checked at
    /// start), resilient HTTP clients, the token protector and the just-in-time <see cref="IAccessTokenSource"/>.
    /// A new provider is a new folder under Providers/ and one line here.
    /// </summary>
    public static IServiceCollection AddProviderAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.AddDataProtection(); // the key ring itself is configured by AddInfrastructure (kept in the database)
        services.TryAddSingleton<ProviderTokenProtector>();
        services.TryAddSingleton<ITokenProtector>(sp => sp.GetRequiredService<ProviderTokenProtector>());
        services.TryAddScoped<AccessTokenSource>();
        services.TryAddScoped<IAccessTokenSource>(sp => sp.GetRequiredService<AccessTokenSource>());

        services.AddZoomAdapters(configuration);
        services.AddGoogleAdapters(configuration);
        return services;
    }
}
