namespace InsightGig.ProviderSandbox;

/// <summary>Google's value (this folder's part of the shared type).</summary>
public readonly partial record struct SandboxProvider
{
    /// <summary>Google OAuth, userinfo and the Calendar API v3 events endpoints.</summary>
    public static SandboxProvider Google { get; } = new("google");
}
