using System.Globalization;
using System.Text;
using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.OAuth;
using InsightGig.ProviderSandbox.Pages;
using Microsoft.AspNetCore.Http;
using static InsightGig.ProviderSandbox.Pages.HtmlPage;

namespace InsightGig.ProviderSandbox.Zoom;

/// <summary>Zoom's sign-in, consent and meeting pages.</summary>
internal static class ZoomPages
{
    private static readonly Dictionary<string, string> ScopeDescriptions = new(StringComparer.Ordinal)
    {
        ["meeting:read"] = "View your meetings",
        ["meeting:write"] = "View and manage your meetings",
        ["user:read"] = "View your user information",
        ["user:write"] = "View and manage your user information",
    };

    public static IResult SignIn(HttpContext http, string pendingId, ProviderSandboxOptions options, string? error = null)
    {
        string root = SandboxUrls.RootPath(http) + "/zoom/oauth/authorize";
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <h1>Sign in to Zoom</h1>
            <p>to continue to {E(options.Zoom.ApplicationName)}</p>
            """);
        if (error is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"""<p class="error" role="alert">{E(error)}</p>""");
        }

        if (options.KnownAccounts.Count > 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"""
                <form method="post" action="{E(root)}/sign-in">
                {PendingField(pendingId)}
                <h2>Sandbox accounts</h2>
                <ul class="plain">
                """);
            foreach (SandboxAccount account in options.KnownAccounts)
            {
                body.Append(CultureInfo.InvariantCulture, $"""
                    <li><button type="submit" class="account" name="email" value="{E(account.Email)}">{E(account.DisplayName)}<br><small>{E(account.Email)}</small></button></li>
                    """);
            }

            body.Append("</ul></form>");
        }

        body.Append(CultureInfo.InvariantCulture, $"""
            <form method="post" action="{E(root)}/sign-in">
            {PendingField(pendingId)}
            <label for="email">Email address</label>
            <input id="email" name="email" type="email" autocomplete="email" required>
            <button type="submit">Sign in</button>
            </form>
            <p>or</p>
            <form method="post" action="{E(root)}/google">
            {PendingField(pendingId)}
            <button type="submit" class="secondary">Sign in with Google</button>
            </form>
            """);
        return Render("Sign in to Zoom", body.ToString());
    }

    public static IResult Consent(HttpContext http, string pendingId, PendingAuthorization pending, string appName)
    {
        string action = SandboxUrls.RootPath(http) + "/zoom/oauth/authorize/decision";
        string via = pending.SignedInWithGoogle ? " (signed in with Google)" : string.Empty;
        string scopes = string.Concat(pending.Scopes.Select(scope =>
            $"<li>{E(ScopeDescriptions.GetValueOrDefault(scope, scope))}</li>"));
        return Render($"{appName} would like to access your Zoom account", $"""
            <h1>{E(appName)} would like to access your Zoom account</h1>
            <p>Signed in as <strong>{E(pending.Email)}</strong>{E(via)}</p>
            <h2>{E(appName)} is requesting permission to:</h2>
            <ul>{scopes}</ul>
            <p>You can remove the app from your Zoom account at any time.</p>
            <form method="post" action="{E(action)}">
            {PendingField(pendingId)}
            <button type="submit" name="decision" value="allow">Allow</button>
            <button type="submit" name="decision" value="decline" class="secondary">Decline</button>
            </form>
            """);
    }

    public static IResult Meeting(ZoomMeetingResource? meeting, string meetingId, bool asHost)
    {
        if (meeting is null)
        {
            return Error("Meeting not found", $"Meeting {meetingId} does not exist or has ended.", StatusCodes.Status404NotFound);
        }

        string heading = asHost ? "You started the meeting" : "You joined the meeting";
        string when = meeting.StartTime is null
            ? string.Empty
            : $"<p>Scheduled for <time datetime=\"{E(meeting.StartTime)}\">{E(meeting.StartTime)}</time> ({E(meeting.Timezone)}), {meeting.Duration?.ToString(CultureInfo.InvariantCulture) ?? "?"} minutes.</p>";
        return Render(heading, $"""
            <h1>{E(heading)}</h1>
            <p><strong>{E(meeting.Topic)}</strong></p>
            <p>Meeting ID: {E(FormatMeetingId(meeting.Id))}</p>
            {when}
            <p>Host: {E(meeting.HostEmail)}</p>
            <p>This is the sandbox: there is no audio or video.</p>
            """);
    }

    /// <summary>Zoom shows meeting ids grouped, e.g. "851 2345 6789".</summary>
    private static string FormatMeetingId(long id)
    {
        string digits = id.ToString(CultureInfo.InvariantCulture);
        return digits.Length < 10 ? digits : $"{digits[..3]} {digits[3..^4]} {digits[^4..]}";
    }
}
