using InsightGig.Application.Integrations.Ports;

namespace InsightGig.Application.Meetings.Scheduling;

/// <summary>How account providers are named to people in scheduling messages.</summary>
internal static class ProviderNames
{
    public static string Describe(string provider) => provider switch
    {
        ProviderKeys.Zoom => "Zoom",
        ProviderKeys.Google => "Google Calendar",
        _ => provider,
    };
}
