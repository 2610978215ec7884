using InsightGig.ProviderSandbox;

namespace InsightGig.TestSupport.Sandbox;

/// <summary>Reading the sandbox's request log the way the tests count provider calls.</summary>
public static class SandboxRequestLog
{
    /// <summary>
    /// The Zoom and Calendar API calls the sandbox received, in order, as "METHOD zoom" or "METHOD calendar" (token and
    /// control requests left out): what each provider was asked to create, change or delete.
    /// </summary>
    public static IReadOnlyList<string> ProviderApiCalls(this ProviderSandboxState sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        return [.. sandbox.GetRequestLog()
            .Where(r => r.Path.Contains("/zoom/v2/", StringComparison.Ordinal) || r.Path.Contains("/calendar/v3/", StringComparison.Ordinal))
            .Select(r => $"{r.Method} {(r.Path.Contains("/zoom/v2/", StringComparison.Ordinal) ? "zoom" : "calendar")}")];
    }
}
