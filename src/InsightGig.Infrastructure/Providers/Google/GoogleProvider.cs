using System.Net;
using Google.Apis.Http;
using Google.Apis.Services;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Meetings.Platforms;
using InsightGig.Infrastructure.Providers.Google.Calendar;
using InsightGig.Infrastructure.Providers.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InsightGig.Infrastructure.Providers.Google;

/// <summary>
/// The Google unit: account linking (its account rule: the grant must include calendar access), Google Calendar (a
/// calendar a person may choose for their invites, read back incrementally and by push), and the "Google Meet" platform
/// (the calendar's own conference). <see cref="AddGoogleProvider"/> is its one registration line.
/// </summary>
public static class GoogleProvider
{
    public const string Key = "google";

    /// <summary>The dialog's platform: a Google Meet conference in the event of the organizer's Google Calendar.</summary>
    public const string MeetPlatformKey = "google-meet";

    /// <summary>The IHttpClientFactory client under Google.Apis' Calendar client.</summary>
    public const string CalendarHttpClient = "InsightGig.Google.Calendar";

    public static readonly ProviderDescriptor Descriptor = new(Key, GoogleOAuthLinker.GoogleDisplayName, "/img/google.svg")
    {
        ServiceName = GoogleCalendarProvider.CalendarDisplayName,
        ConnectLabel = "Connect Calendar",
        ConnectStepLabel = "Connect Calendar",
        ReconnectStepLabel = "Connect Calendar",
        OffersCalendar = true,
    };

    public static IServiceCollection AddGoogleProvider(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GoogleOptions>().BindProviderOptions(configuration, new ProviderSettingsSection(GoogleOptions.SectionName), o => o.Http);
        static ProviderHttpOptions Http(IServiceProvider sp) => sp.GetRequiredService<IOptions<GoogleOptions>>().Value.Http;

        services.AddHttpClient<GoogleOAuthLinker>().AddProviderResilience(Key, Http, tokenEndpoint: true);
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
            .AddProviderResilience(Key, Http);

        services.AddSingleton(sp => CreateCalendarService(sp.GetRequiredService<IHttpMessageHandlerFactory>(), sp.GetRequiredService<IOptions<GoogleOptions>>().Value));
        services.AddScoped<GoogleCalendarProvider>();
        services.AddScoped<ICalendarProvider>(sp => sp.GetRequiredService<GoogleCalendarProvider>());
        services.AddScoped<ICalendarFreeBusy>(sp => sp.GetRequiredService<GoogleCalendarProvider>());
        services.AddSingleton<IProviderEndpoints, GoogleCalendarWebhookEndpoint>();
        services.AddSingleton(Descriptor);
        services.AddSingleton(new MeetingPlatform(MeetPlatformKey, "Google Meet", "/img/google-meet.svg", VideoProvider: null, ConferenceCalendar: Key));
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
