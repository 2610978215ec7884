namespace InsightGig.ProviderSandbox;

/// <summary>Google's settings (this folder's part of the shared options).</summary>
public sealed partial class ProviderSandboxOptions
{
    /// <summary>The Google OAuth client. Redirect URIs ending in <c>/integrations/google/callback</c> on a loopback host are accepted by default.</summary>
    public OAuthClientRegistration Google { get; } =
        new("sandbox-google-client.apps.googleusercontent.com", "sandbox-google-secret", "/integrations/google/callback");

    /// <summary>How long a new Google Meet conference stays <c>pending</c> before it becomes <c>success</c>. Default 0 (immediately).</summary>
    public TimeSpan MeetConferencePendingDelay { get; set; } = TimeSpan.Zero;
}
