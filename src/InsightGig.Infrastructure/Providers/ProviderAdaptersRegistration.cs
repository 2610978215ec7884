using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Integrations;
using InsightGig.Infrastructure.Providers.Google;
using InsightGig.Infrastructure.Providers.Quotas;
using InsightGig.Infrastructure.Providers.Microsoft365;
using InsightGig.Infrastructure.Providers.Zoom;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InsightGig.Infrastructure.Providers;

public static class ProviderAdaptersRegistration
{
    /// <summary>
    /// What every provider unit shares (the token protector, the just-in-time <see cref="IAccessTokenSource"/>), then the
    /// units themselves, one line each: each registers its adapters, options (checked at start), resilient HTTP clients,
    /// its <see cref="ProviderDescriptor"/> and the meeting platforms it offers. A new provider is a new folder under
    /// Providers/ and one line here.
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
        services.TryAddSingleton<ProviderQuotaGate>();

        services.AddZoomProvider(configuration);
        services.AddGoogleProvider(configuration);
        services.AddMicrosoftProvider(configuration);
        return services;
    }
}
