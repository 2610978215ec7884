namespace InsightGig.ProviderSandbox;

/// <summary>Zoom's settings (this folder's part of the shared options).</summary>
public sealed partial class ProviderSandboxOptions
{
    /// <summary>The Zoom OAuth app. Redirect URIs ending in <c>/integrations/zoom/callback</c> on a loopback host are accepted by default.</summary>
    public OAuthClientRegistration Zoom { get; } =
        new("sandbox-zoom-client", "sandbox-zoom-secret", "/integrations/zoom/callback");
}
