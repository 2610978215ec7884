using InsightGig.ProviderSandbox.Common;
using Microsoft.AspNetCore.Http;
using static InsightGig.ProviderSandbox.Pages.HtmlPage;

namespace InsightGig.ProviderSandbox.Pages;

/// <summary>The sandbox's home page: what it is and where things are.</summary>
internal static class IndexPage
{
    public static IResult Render(HttpContext http)
    {
        string root = SandboxUrls.Root(http);
        return HtmlPage.Render("InsightGig provider sandbox", $"""
            <h1>InsightGig provider sandbox</h1>
            <p>An emulator of the Zoom and Google endpoints InsightGig uses: OAuth sign-in and consent, tokens,
            Zoom meetings and Google Calendar events. Nothing here reaches the real services.</p>
            <h2>Inspect</h2>
            <ul>
            <li><a href="{E(root)}/_sandbox/state">Everything the sandbox holds (JSON)</a></li>
            <li><a href="{E(root)}/_sandbox/faults">Faults in force (JSON)</a></li>
            </ul>
            <h2>Play a person</h2>
            <ul>
            <li><a href="{E(root)}/google/calendar">Google Calendar</a>: move or delete your events, answer invitations</li>
            </ul>
            <h2>Endpoints</h2>
            <ul>
            <li>Zoom OAuth: {E(root)}/zoom/oauth/authorize, /zoom/oauth/token, /zoom/oauth/revoke</li>
            <li>Zoom API: {E(root)}/zoom/v2/...</li>
            <li>Google OAuth: {E(root)}/google/o/oauth2/v2/auth, /google/token, /google/revoke, /google/oauth2/v3/userinfo</li>
            <li>Google Calendar: {E(root)}/google/calendar/v3/...</li>
            </ul>
            """);
    }
}
