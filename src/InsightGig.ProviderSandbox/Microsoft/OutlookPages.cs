using Microsoft.AspNetCore.Routing;

namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>A small Outlook calendar for one account (<c>/microsoft/outlook/calendar?account=email</c>).</summary>
internal static class OutlookPages
{
    public static void Map(RouteGroupBuilder microsoft)
    {
        _ = microsoft;
    }
}
