namespace InsightGig.ProviderSandbox;

/// <summary>Microsoft's value (this folder's part of the shared type).</summary>
public readonly partial record struct SandboxProvider
{
    /// <summary>Microsoft identity platform v2.0 and the Graph v1.0 calendar endpoints (Outlook, Teams).</summary>
    public static SandboxProvider Microsoft { get; } = new("microsoft");
}
