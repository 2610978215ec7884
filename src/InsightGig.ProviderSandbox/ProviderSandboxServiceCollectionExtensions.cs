using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace InsightGig.ProviderSandbox;

/// <summary>Registers the provider sandbox.</summary>
public static class ProviderSandboxServiceCollectionExtensions
{
    /// <summary>
    /// Registers the sandbox's state as a singleton. Its clocks use the <see cref="TimeProvider"/> registered in the
    /// container (so tests can move time), else <see cref="TimeProvider.System"/>.
    /// </summary>
    public static IServiceCollection AddProviderSandbox(this IServiceCollection services, Action<ProviderSandboxOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<ProviderSandboxOptions> options = services.AddOptions<ProviderSandboxOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(provider => new ProviderSandboxState(
            provider.GetRequiredService<IOptions<ProviderSandboxOptions>>().Value,
            provider.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }
}
