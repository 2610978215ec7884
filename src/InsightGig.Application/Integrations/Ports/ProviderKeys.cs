namespace InsightGig.Application.Integrations.Ports;

/// <summary>The keys of the account providers shipped today. A new provider adds its key with its adapter.</summary>
public static class ProviderKeys
{
    public const string Zoom = "zoom";
    public const string Google = "google";
}
