using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.OAuth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace InsightGig.ProviderSandbox;

/// <summary>
/// One emulated provider's part of the sandbox, implemented in its own folder (<c>Zoom/</c>, <c>Google/</c>): its endpoints
/// under <c>{prefix}/{Path}</c>, its control endpoints under <c>{prefix}/_sandbox</c>, and the settings that point the
/// app's adapters at it. The sandbox finds every implementation in its assembly (<see cref="SandboxParts"/>), so adding a
/// provider touches no shared file.
/// </summary>
internal interface ISandboxProvider
{
    /// <summary>Its value (declared in its folder's part of <see cref="SandboxProvider"/>).</summary>
    SandboxProvider Provider { get; }

    /// <summary>The first path segment of its endpoints ("zoom").</summary>
    string Path => Provider.Path;

    /// <summary>The app's configuration section of the provider's adapters ("Providers:Zoom").</summary>
    string ConfigurationSection { get; }

    /// <summary>Creates what the provider holds (one per <see cref="ProviderSandboxState"/>), seeded with the known accounts.</summary>
    IEmulatedProvider CreateState(ProviderSandboxOptions options, TimeProvider time);

    /// <summary>Maps the provider's endpoints on its group (which has the fault/latency/request-log filter).</summary>
    void Map(RouteGroupBuilder group);

    /// <summary>Maps its control endpoints on the <c>/_sandbox</c> group.</summary>
    void MapControl(RouteGroupBuilder control);

    /// <summary>Settings, relative to <see cref="ConfigurationSection"/>, that point the adapters at the sandbox mounted at <paramref name="root"/> (no trailing slash).</summary>
    IReadOnlyDictionary<string, string> Settings(ProviderSandboxOptions options, string root);

    /// <summary>The provider's error body for an injected failure with this status on this kind of endpoint.</summary>
    IResult FaultResult(int status, SandboxEndpointKind kind);
}

/// <summary>What one emulated provider holds, as the shared C# inspection API and the control API need it.</summary>
internal interface IEmulatedProvider
{
    OAuthTokenStore Tokens { get; }

    /// <summary>Creates the known accounts.</summary>
    void Seed();

    /// <summary>Forgets everything and seeds again.</summary>
    void Reset();

    /// <summary>A grant for <paramref name="email"/> (created when unknown) as if it had gone through the consent pages.</summary>
    IssuedTokens IssueTokens(string email, string? displayName, IEnumerable<string>? scopes);

    /// <summary>Everything it holds, for <c>GET /_sandbox/state</c> (under its path).</summary>
    object Describe();
}

/// <summary>The sandbox's provider parts, found once in this assembly (ordered by path, so the order never depends on reflection).</summary>
internal static class SandboxParts
{
    public static IReadOnlyList<ISandboxProvider> All { get; } =
    [
        .. typeof(ISandboxProvider).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(ISandboxProvider).IsAssignableFrom(type))
            .Select(type => (ISandboxProvider)Activator.CreateInstance(type, nonPublic: true)!)
            .OrderBy(part => part.Path, StringComparer.Ordinal),
    ];

    public static ISandboxProvider? Find(SandboxProvider provider) => All.FirstOrDefault(part => part.Provider == provider);
}

/// <summary>The configuration that points one provider's adapters at the sandbox.</summary>
/// <param name="Section">The adapters' section ("Providers:Zoom").</param>
/// <param name="Settings">Full keys and values to set.</param>
public sealed record SandboxAdapterSettings(string Section, IReadOnlyDictionary<string, string> Settings)
{
    /// <summary>Every provider's settings for a sandbox mounted at <paramref name="root"/> (an absolute URL).</summary>
    public static IReadOnlyList<SandboxAdapterSettings> For(string root, ProviderSandboxOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        string trimmed = root.TrimEnd('/');
        options ??= new ProviderSandboxOptions();
        return [.. SandboxParts.All.Select(part => new SandboxAdapterSettings(
            part.ConfigurationSection,
            Qualify(part.ConfigurationSection, part.Settings(options, trimmed))))];
    }

    private static Dictionary<string, string> Qualify(string section, IReadOnlyDictionary<string, string> settings) =>
        settings.ToDictionary(setting => $"{section}:{setting.Key}", setting => setting.Value, StringComparer.Ordinal);
}
