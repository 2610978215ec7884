namespace InsightGig.ProviderSandbox;

/// <summary>Zoom's value (this folder's part of the shared type).</summary>
public readonly partial record struct SandboxProvider
{
    /// <summary>Zoom OAuth and the Zoom API v2 meetings endpoints.</summary>
    public static SandboxProvider Zoom { get; } = new("zoom");
}
