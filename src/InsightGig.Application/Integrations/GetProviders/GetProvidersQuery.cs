using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Application.Meetings.Platforms;
using Mediator;

namespace InsightGig.Application.Integrations.GetProviders;

/// <summary>The provider units this app has, as pages show them (names, icons, labels, platforms), in registration order.</summary>
public sealed record GetProvidersQuery : IQuery<ProviderList>;

public sealed record ProviderList(IReadOnlyList<ProviderDescriptor> Providers, IReadOnlyList<MeetingPlatform> Platforms)
{
    public ProviderDescriptor? Find(string provider) => Providers.FirstOrDefault(p => p.Key == provider);
}

internal sealed class GetProvidersHandler(ProviderCatalog catalog) : IQueryHandler<GetProvidersQuery, ProviderList>
{
    public ValueTask<ProviderList> Handle(GetProvidersQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ProviderList(catalog.Providers, catalog.Platforms));
}
