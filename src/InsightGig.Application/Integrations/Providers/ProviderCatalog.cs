using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Meetings.Platforms;

namespace InsightGig.Application.Integrations.Providers;

/// <summary>
/// The provider units registered in this app, as data: their descriptors and the meeting platforms they offer. Pages and
/// messages read names, icons and labels from here; nothing outside a unit names a provider.
/// </summary>
public sealed class ProviderCatalog(IEnumerable<ProviderDescriptor> providers, IEnumerable<MeetingPlatform> platforms)
{
    private readonly Dictionary<string, ProviderDescriptor> _byKey = providers.ToDictionary(p => p.Key, StringComparer.Ordinal);

    /// <summary>In registration order.</summary>
    public IReadOnlyList<ProviderDescriptor> Providers { get; } = [.. providers];

    /// <summary>The dialog's choices, in registration order.</summary>
    public IReadOnlyList<MeetingPlatform> Platforms { get; } = [.. platforms];

    /// <summary>The units that hold a calendar.</summary>
    public IReadOnlyList<ProviderDescriptor> Calendars => [.. Providers.Where(p => p.OffersCalendar)];

    public ProviderDescriptor? Find(string provider) => _byKey.GetValueOrDefault(provider);

    /// <summary>The descriptor of <paramref name="provider"/>; an unregistered key (a unit removed since) reads as its key.</summary>
    public ProviderDescriptor Describe(string provider) => Find(provider) ?? new ProviderDescriptor(provider, provider, string.Empty);

    public bool OffersCalendar(string provider) => Find(provider)?.OffersCalendar == true;

    public MeetingPlatform? Platform(string key) => Platforms.FirstOrDefault(p => p.Key == key);
}
