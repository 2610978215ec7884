using InsightGig.ProviderSandbox.Google.Calendar;
using InsightGig.ProviderSandbox.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace InsightGig.ProviderSandbox.Google;

/// <summary>Google's part of the sandbox: OAuth, userinfo, the Calendar API v3 and the calendar control endpoints.</summary>
internal sealed class GoogleSandboxPart : ISandboxProvider
{
    public SandboxProvider Provider => SandboxProvider.Google;

    public string ConfigurationSection => "Providers:Google";

    public IEmulatedProvider CreateState(ProviderSandboxOptions options, TimeProvider time) => new GoogleSandbox(options, time);

    public void Map(RouteGroupBuilder group)
    {
        GoogleOAuthEndpoints.Map(group);
        CalendarEndpoints.Map(group);
    }

    public IResult FaultResult(int status, SandboxEndpointKind kind) => GoogleErrors.ForFault(status, kind);

    public void MapControl(RouteGroupBuilder control) => CalendarControlEndpoints.Map(control);

    public IReadOnlyDictionary<string, string> Settings(ProviderSandboxOptions options, string root) =>
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ClientId"] = options.Google.ClientId,
            ["ClientSecret"] = options.Google.ClientSecret,
            ["AuthorizeUrl"] = $"{root}/google/o/oauth2/v2/auth",
            ["TokenUrl"] = $"{root}/google/token",
            ["RevokeUrl"] = $"{root}/google/revoke",
            ["UserInfoUrl"] = $"{root}/google/oauth2/v3/userinfo",
            ["ApiRootUrl"] = $"{root}/google/",
        };
}
