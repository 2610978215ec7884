using InsightGig.ProviderSandbox.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace InsightGig.ProviderSandbox.Zoom;

/// <summary>Zoom's part of the sandbox: OAuth, the API v2 meetings endpoints and the deauthorization control endpoint.</summary>
internal sealed class ZoomSandboxPart : ISandboxProvider
{
    public SandboxProvider Provider => SandboxProvider.Zoom;

    public string ConfigurationSection => "Providers:Zoom";

    public IEmulatedProvider CreateState(ProviderSandboxOptions options, TimeProvider time) => new ZoomSandbox(options, time);

    public void Map(RouteGroupBuilder group)
    {
        ZoomOAuthEndpoints.Map(group);
        ZoomApiEndpoints.Map(group);
    }

    public IResult FaultResult(int status, SandboxEndpointKind kind) => ZoomErrors.ForFault(status, kind);

    public void MapControl(RouteGroupBuilder control) => ZoomControlEndpoints.Map(control);

    public IReadOnlyDictionary<string, string> Settings(ProviderSandboxOptions options, string root) =>
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ClientId"] = options.Zoom.ClientId,
            ["ClientSecret"] = options.Zoom.ClientSecret,
            ["AuthorizeUrl"] = $"{root}/zoom/oauth/authorize",
            ["TokenUrl"] = $"{root}/zoom/oauth/token",
            ["RevokeUrl"] = $"{root}/zoom/oauth/revoke",
            ["ApiBaseUrl"] = $"{root}/zoom/v2/",
        };
}
