using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace InsightGig.ProviderSandbox.Common;

/// <summary>Endpoint metadata: the prefix the sandbox was mounted at, so handlers can build absolute links.</summary>
internal sealed record SandboxMountMetadata(string Prefix);

/// <summary>Endpoint metadata: which provider an endpoint belongs to (set on the provider's route group).</summary>
internal sealed record SandboxProviderMetadata(SandboxProvider Provider);

/// <summary>
/// Endpoint metadata: an inspection endpoint (the control API, the index, a person's calendar pages), which shows or
/// changes anyone's data. A host that passes an inspection policy to <c>MapProviderSandbox</c> requires it there; the
/// provider endpoints the adapters and the consent flow use stay anonymous.
/// </summary>
internal sealed class SandboxInspectionMetadata
{
    public static readonly SandboxInspectionMetadata Instance = new();
}

internal static class SandboxInspection
{
    /// <summary>Marks the endpoint (or group) as inspection (<see cref="SandboxInspectionMetadata"/>).</summary>
    public static TBuilder AsInspection<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(SandboxInspectionMetadata.Instance);
}

/// <summary>What kind of provider endpoint this is, for fault targeting.</summary>
internal enum SandboxEndpointKind
{
    Page,
    Token,
    Api,
}

/// <summary>Endpoint metadata: the endpoint's kind (absent means <see cref="SandboxEndpointKind.Page"/>).</summary>
internal sealed record SandboxEndpointKindMetadata(SandboxEndpointKind Kind);

internal static class SandboxUrls
{
    /// <summary>"" or "/x/y" without trailing slash.</summary>
    public static string NormalizePrefix(string? prefix)
    {
        string trimmed = (prefix ?? string.Empty).Trim().TrimEnd('/');
        return trimmed.Length == 0 ? string.Empty : (trimmed.StartsWith('/') ? trimmed : "/" + trimmed);
    }

    /// <summary>Path from the host root to the sandbox root, e.g. "/sandbox" (PathBase included).</summary>
    public static string RootPath(HttpContext http)
    {
        string prefix = http.GetEndpoint()?.Metadata.GetMetadata<SandboxMountMetadata>()?.Prefix ?? string.Empty;
        return http.Request.PathBase.Value + prefix;
    }

    /// <summary>Absolute URL of the sandbox root, e.g. "http://127.0.0.1:5123/sandbox" (no trailing slash).</summary>
    public static string Root(HttpContext http) =>
        http.Request.Scheme + "://" + http.Request.Host.Value + RootPath(http);
}
