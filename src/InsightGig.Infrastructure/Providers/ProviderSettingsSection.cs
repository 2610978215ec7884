using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Infrastructure.Providers;

/// <summary>
/// A provider unit's configuration section, registered by the unit with its options (<c>BindProviderOptions</c>), so the
/// composition root can tell, without naming any provider, which units have credentials and which are pointed at the
/// provider sandbox.
/// </summary>
/// <param name="Name">The section ("Providers:Zoom").</param>
public sealed record ProviderSettingsSection(string Name)
{
    /// <summary>The key, relative to <see cref="Name"/>, whose presence means the unit has real credentials.</summary>
    public string CredentialKey { get; init; } = "ClientId";

    /// <summary>
    /// Values, relative to <see cref="Name"/>, that the sandboxed unit uses in Development where the app sets none (a webhook
    /// secret the sandbox signs with, say). They are in the source, so the app refuses them outside Development.
    /// </summary>
    public IReadOnlyDictionary<string, string> DevelopmentDefaults { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The full key of the credentials ("Providers:Zoom:ClientId").</summary>
    public string CredentialPath => $"{Name}:{CredentialKey}";

    /// <summary>The sections of the units registered in <paramref name="services"/>, in registration order.</summary>
    public static IReadOnlyList<ProviderSettingsSection> RegisteredIn(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return [.. services.Where(service => service.ServiceType == typeof(ProviderSettingsSection))
            .Select(service => service.ImplementationInstance).OfType<ProviderSettingsSection>()];
    }
}
