using InsightGig.ProviderSandbox.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>Microsoft's part of the sandbox: the identity platform v2.0, Graph v1.0 calendar endpoints, the Outlook page and controls.</summary>
internal sealed class MicrosoftSandboxPart : ISandboxProvider
{
    public SandboxProvider Provider => SandboxProvider.Microsoft;

    public string ConfigurationSection => "Providers:Microsoft";

    public IEmulatedProvider CreateState(ProviderSandboxOptions options, TimeProvider time) => new MicrosoftSandbox(options, time);

    public void Map(RouteGroupBuilder group)
    {
        MicrosoftIdentityEndpoints.Map(group);
        GraphEndpoints.Map(group);
        OutlookPages.Map(group);
    }

    public void MapControl(RouteGroupBuilder control) => MicrosoftControlEndpoints.Map(control);

    public IResult FaultResult(int status, SandboxEndpointKind kind) => MicrosoftErrors.ForFault(status, kind);

    public IReadOnlyDictionary<string, string> Settings(ProviderSandboxOptions options, string root) =>
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ClientId"] = options.Microsoft.ClientId,
            ["ClientSecret"] = options.Microsoft.ClientSecret,
            ["Tenant"] = "common",
            ["AuthorizeUrl"] = $"{root}/microsoft/common/oauth2/v2.0/authorize",
            ["TokenUrl"] = $"{root}/microsoft/common/oauth2/v2.0/token",
            ["GraphBaseUrl"] = $"{root}/microsoft/v1.0/",
        };
}
