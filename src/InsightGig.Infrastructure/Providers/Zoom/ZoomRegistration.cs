using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Providers.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InsightGig.Infrastructure.Providers.Zoom;

internal static class ZoomRegistration
{
    /// <summary>Zoom: account linking and video meetings.</summary>
    public static IServiceCollection AddZoomAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ZoomOptions>().BindProviderOptions(configuration, ZoomOptions.SectionName, o => o.Http);
        static ProviderHttpOptions Http(IServiceProvider sp) => sp.GetRequiredService<IOptions<ZoomOptions>>().Value.Http;

        services.AddHttpClient<ZoomOAuthLinker>().AddProviderResilience(Http);
        services.AddHttpClient<ZoomMeetingProvider>().AddProviderResilience(Http);
        services.AddTransient<IOAuthAccountLinker>(sp => sp.GetRequiredService<ZoomOAuthLinker>());
        services.AddTransient<IVideoMeetingProvider>(sp => sp.GetRequiredService<ZoomMeetingProvider>());
        return services;
    }
}
