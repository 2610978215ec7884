namespace InsightGig.ProviderSandbox;

/// <summary>The providers the sandbox emulates.</summary>
public enum SandboxProvider
{
    /// <summary>Zoom OAuth and the Zoom API v2 meetings endpoints.</summary>
    Zoom,

    /// <summary>Google OAuth, userinfo and the Calendar API v3 events endpoints.</summary>
    Google,

    /// <summary>Microsoft identity platform v2.0 and the Graph v1.0 calendar endpoints (Outlook, Teams).</summary>
    Microsoft,
}

/// <summary>Which endpoints of a provider a fault applies to.</summary>
public enum SandboxFaultTarget
{
    /// <summary>Every endpoint of the provider, including the sign-in pages.</summary>
    All,

    /// <summary>The REST API (Zoom <c>/v2/...</c>, Google Calendar and userinfo).</summary>
    Api,

    /// <summary>The OAuth token and revoke endpoints.</summary>
    Token,
}

internal static class SandboxProviderNames
{
    public static string Name(this SandboxProvider provider) => SandboxParts.Find(provider)?.Path ?? provider.ToString().ToLowerInvariant();

    public static bool TryParse(string? value, out SandboxProvider provider)
    {
        ISandboxProvider? part = SandboxParts.All.FirstOrDefault(part => string.Equals(part.Path, value, StringComparison.OrdinalIgnoreCase));
        provider = part?.Provider ?? default;
        return part is not null;
    }
}
