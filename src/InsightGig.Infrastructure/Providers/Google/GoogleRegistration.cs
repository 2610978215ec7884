using System.Net;
using Google.Apis.Http;
using Google.Apis.Services;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Infrastructure.Providers.Google.Calendar;
using InsightGig.Infrastructure.Providers.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InsightGig.Infrastructure.Providers.Google;

internal static class GoogleRegistration
{
    /// <summary>The IHttpClientFactory client under Google.Apis' Calendar client.</summary>
    public const string CalendarHttpClient = "InsightGig.Google.Calendar";

    /// <summary>Google: account linking and Google Calendar (with Google Meet).</summary>
    public static IServiceCollection AddGoogleAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GoogleOptions>().BindProviderOptions(configuration, GoogleOptions.SectionName, o => o.Http);
        static ProviderHttpOptions Http(IServiceProvider sp) => sp.GetRequiredService<IOptions<GoogleOptions>>().Value.Http;

        services.AddHttpClient<GoogleOAuthLinker>().AddProviderResilience(Http);
        services.AddTransient<IOAuthAccountLinker>(sp => sp.GetRequiredService<GoogleOAuthLinker>());

        // Google.Apis sends through this pipeline: no redirects or decompression below it (Google.Apis does those), the
        // Retry-After capture on top, our one retry policy in between. The handler lives as long as the (singleton)
        // CalendarService; the pooled connection lifetime keeps DNS changes visible.
        services.AddHttpClient(CalendarHttpClient)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler(sp => new GoogleAnswerCaptureHandler(sp.GetRequiredService<TimeProvider>()))
            .AddProviderResilience(Http);

        services.AddSingleton(sp => CreateCalendarService(sp.GetRequiredService<IHttpMessageHandlerFactory>(), sp.GetRequiredService<IOptions<GoogleOptions>>().Value));
        services.AddScoped<GoogleCalendarProvider>();
        services.AddScoped<ICalendarProvider>(sp => sp.GetRequiredService<GoogleCalendarProvider>());
        return services;
    }

    private static CalendarService CreateCalendarService(IHttpMessageHandlerFactory handlers, GoogleOptions options) =>
        new(new BaseClientService.Initializer
        {
            ApplicationName = "InsightGig",
            BaseUri = CalendarService.BaseUriFor(options.ApiRootUrl),
            HttpClientFactory = new HttpClientFromMessageHandlerFactory(_ =>
                new HttpClientFromMessageHandlerFactory.ConfiguredHttpMessageHandler(
                    handlers.CreateHandler(CalendarHttpClient), performsAutomaticDecompression: false, handlesRedirect: false)),
            HttpClientInitializer = new NoGoogleRetries(),
            DefaultExponentialBackOffPolicy = ExponentialBackOffPolicy.None,
            GZipEnabled = false,
        });
}
