using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Meetings.Platforms;
using InsightGig.Infrastructure.Providers.Http;
using InsightGig.Infrastructure.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InsightGig.Infrastructure.Providers.Zoom;

/// <summary>
/// The Zoom unit: account linking (its account rule: the Zoom email must be the InsightGig email), video meetings, the
/// "Zoom" platform of the dialog (a Zoom meeting with an invite from the organizer's calendar) and the deauthorization
/// webhook. <see cref="AddZoomProvider"/> is its one registration line.
/// </summary>
public static class ZoomProvider
{
    public const string Key = "zoom";

    /// <summary>The dialog's platform: a Zoom meeting, invites from the organizer's chosen calendar.</summary>
    public const string PlatformKey = "zoom";

    public static readonly ProviderDescriptor Descriptor = new(Key, ZoomFailures.DisplayName, "/img/zoom.svg")
    {
        // The help article's warning, shown wherever Zoom is linked.
        Notice = new ProviderNotice("Check your Email ID.",
            "The email you use to log in to Zoom should be the same as your InsightGig email. " +
            "You need a Zoom account (to generate the meeting link) AND a Google account (to generate calendar invite) to use this feature."),
    };

    /// <summary>
    /// Its section; in Development its sandbox's deauthorization webhooks are signed with a published secret (in the source,
    /// so refused outside Development).
    /// </summary>
    public static readonly ProviderSettingsSection Settings = new(ZoomOptions.SectionName)
    {
        DevelopmentDefaults = new Dictionary<string, string>(StringComparer.Ordinal) { [nameof(ZoomOptions.WebhookSecretToken)] = "sandbox-zoom-webhook-secret" },
    };

    public static IServiceCollection AddZoomProvider(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ZoomOptions>().BindProviderOptions(configuration, Settings, o => o.Http);
        static ProviderHttpOptions Http(IServiceProvider sp) => sp.GetRequiredService<IOptions<ZoomOptions>>().Value.Http;

        services.AddHttpClient<ZoomOAuthLinker>().AddProviderResilience(Key, Http, tokenEndpoint: true);
        services.AddHttpClient<ZoomMeetingProvider>().AddProviderResilience(Key, Http);
        services.AddTransient<IOAuthAccountLinker>(sp => sp.GetRequiredService<ZoomOAuthLinker>());
        services.AddTransient<IVideoMeetingProvider>(sp => sp.GetRequiredService<ZoomMeetingProvider>());
        // Built when a webhook arrives, from the host's configuration and database (hosts of the adapters alone have neither).
        services.AddScoped(sp => ActivatorUtilities.CreateInstance<ZoomWebhookReceiver>(sp));
        services.AddSingleton<IProviderEndpoints, ZoomWebhookEndpoint>();
        services.AddSingleton(Descriptor);
        services.AddSingleton(new MeetingPlatform(PlatformKey, "Zoom", "/img/zoom.svg", VideoProvider: Key));
        return services;
    }
}
