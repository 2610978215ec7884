using System.Net;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Meetings.Platforms;
using InsightGig.Infrastructure.Providers.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;

// Not "...Providers.Microsoft": that namespace would hide the framework's Microsoft.* from every provider unit.
namespace InsightGig.Infrastructure.Providers.Microsoft365;

/// <summary>
/// The Microsoft unit: "Sign in with Microsoft" (its account rule: the Microsoft email must be the InsightGig email),
/// Outlook Calendar (a calendar a person may choose for their invites, read back through delta queries and change
/// notifications), and the "Microsoft Teams" platform (the Teams meeting of the organizer's Outlook event).
/// <see cref="AddMicrosoftProvider"/> is its one registration line.
/// </summary>
public static class MicrosoftProvider
{
    public const string Key = "microsoft";

    public const string DisplayName = "Microsoft";

    /// <summary>The dialog's platform: a Teams meeting in the event of the organizer's Outlook calendar.</summary>
    public const string TeamsPlatformKey = "teams";

    /// <summary>The IHttpClientFactory client under the Graph SDK.</summary>
    public const string GraphHttpClient = "InsightGig.Microsoft.Graph";

    public static readonly ProviderDescriptor Descriptor = new(Key, DisplayName, "/img/outlook.svg")
    {
        ServiceName = OutlookCalendarProvider.CalendarDisplayName,
        ConnectLabel = "Sign in with Microsoft",
        ConnectStepLabel = "Sign in with Microsoft",
        ReconnectStepLabel = "Sign in with Microsoft again",
        OffersCalendar = true,
    };

    public static IServiceCollection AddMicrosoftProvider(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MicrosoftOptions>().BindProviderOptions(configuration, new ProviderSettingsSection(MicrosoftOptions.SectionName), o => o.Http);
        static ProviderHttpOptions Http(IServiceProvider sp) => sp.GetRequiredService<IOptions<MicrosoftOptions>>().Value.Http;

        services.AddHttpClient<MicrosoftOAuthLinker>().AddProviderResilience(Key, Http, tokenEndpoint: true);
        services.AddTransient<IOAuthAccountLinker>(sp => sp.GetRequiredService<MicrosoftOAuthLinker>());

        // The Graph SDK sends through this client as it is (Kiota adds its default handlers only to clients it makes): the
        // query-name decoding Graph expects ($select, not %24select), our retry-safe mark, then the one retry policy.
        services.AddHttpClient(GraphHttpClient)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .AddHttpMessageHandler(() => new ParametersNameDecodingHandler())
            .AddHttpMessageHandler(() => new GraphRetrySafeHandler())
            .AddProviderResilience(Key, Http);

        services.AddSingleton<GraphClients>();
        services.AddSingleton<MailboxGate>();
        services.AddScoped<OutlookCalendarProvider>();
        services.AddScoped<ICalendarProvider>(sp => sp.GetRequiredService<OutlookCalendarProvider>());
        services.AddScoped<ICalendarFreeBusy>(sp => sp.GetRequiredService<OutlookCalendarProvider>());
        services.AddSingleton<IProviderEndpoints, OutlookWebhookEndpoint>();
        services.AddSingleton(Descriptor);
        services.AddSingleton(new MeetingPlatform(TeamsPlatformKey, "Microsoft Teams", "/img/teams.svg", VideoProvider: null, ConferenceCalendar: Key));
        return services;
    }
}
