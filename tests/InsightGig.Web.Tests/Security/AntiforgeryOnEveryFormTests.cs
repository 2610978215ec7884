using System.Net;
using System.Text.RegularExpressions;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.TestSupport.Sandbox;

namespace InsightGig.Web.Tests.Security;

/// <summary>
/// Every state-changing form refuses a POST without its antiforgery token, or with another person's, with 400 and changes
/// nothing; and every POST form the pages render is one of <see cref="Forms"/>, so a new form cannot be left out.
/// Related protections tested elsewhere, not repeated here: OAuth callbacks with a forged, replayed or cross-user state
/// (Linking/AccountLinkingTests: A_callback_with_a_forged_state_links_nothing, A_replayed_callback_links_nothing_the_second_time,
/// A_callback_started_by_clara_and_opened_by_carlos_links_nothing) and Zoom webhooks with a bad, stale or replayed signature
/// (Webhooks/ZoomWebhookTests).
/// </summary>
[Collection(SecurityGroup.Name)]
public sealed partial class AntiforgeryOnEveryFormTests(SecurityApp app)
{
    /// <summary>Each state-changing form and a correctly filled body (without the token), as <c>{placeholders}</c>.</summary>
    private static readonly Dictionary<string, (string Name, string Value)[]> Forms = new(StringComparer.Ordinal)
    {
        ["POST /Account/Login"] = [("Input.Email", DemoData.Clara.Email), ("Input.Password", DemoData.Password)],
        ["POST /Account/Logout"] = [],
        ["POST /Experts/{hiro}?handler=Schedule"] = ScheduleFields(),
        ["POST /Briefs/{northwind-brief}?handler=Schedule"] = ScheduleFields(),
        ["POST /Projects/{northwind-project}?handler=Schedule"] = ScheduleFields(DemoData.Hiro.Id),
        // Find a time changes nothing, but it reads calendars with the person's own connections: no other site may make it.
        ["POST /Experts/{hiro}?handler=FindTime"] = [.. ScheduleFields(), ("FindTime.Duration", "60")],
        ["POST /Briefs/{northwind-brief}?handler=FindTime"] = [.. ScheduleFields(), ("FindTime.Duration", "60")],
        ["POST /Projects/{northwind-project}?handler=FindTime"] = [.. ScheduleFields(DemoData.Hiro.Id), ("FindTime.Duration", "60")],
        ["POST /integrations/zoom/connect"] = [("returnUrl", "/Account/ConnectedApps")],
        ["POST /integrations/google/connect"] = [("returnUrl", "/Account/ConnectedApps")],
        ["POST /integrations/microsoft/connect"] = [("returnUrl", "/Account/ConnectedApps")],
        ["POST /Account/ConnectedApps?handler=Disconnect"] = [("provider", "zoom")],
        ["POST /meetings/{meeting}?handler=Reschedule"] =
            [("Reschedule.ExpectedVersion", "{version}"), ("Reschedule.Start", SecurityApp.Local(SecurityApp.Day.AddDays(2).At(9))), ("Reschedule.End", SecurityApp.Local(SecurityApp.Day.AddDays(2).At(10)))],
        ["POST /meetings/{meeting}?handler=Edit"] = [("Edit.ExpectedVersion", "{version}"), ("Edit.Title", "Forged title"), ("Edit.Description", "Forged")],
        ["POST /meetings/{meeting}?handler=Cancel"] = [("Cancel.ExpectedVersion", "{version}"), ("Cancel.Confirmed", "true"), ("Cancel.Note", "Forged")],
        ["POST /meetings/{meeting}?handler=Answer"] = [("Answer.Choice", "Decline")],
        ["POST /meetings/{meeting}?handler=AcceptProposal"] = [("Proposal.ExpectedVersion", "{version}"), ("Proposal.ProposalId", "{key}")],
        ["POST /meetings/{meeting}?handler=DismissProposal"] = [("Proposal.ExpectedVersion", "{version}"), ("Proposal.ProposalId", "{key}")],
    };

    public static TheoryData<string, string> Attempts()
    {
        var attempts = new TheoryData<string, string>();
        foreach (var form in Forms.Keys)
        {
            attempts.Add(form, "no token");
            attempts.Add(form, "another person's token");
        }

        return attempts;
    }

    private static (string, string)[] ScheduleFields(params Guid[] participants) =>
    [
        ("Form.IdempotencyKey", "{key}"),
        ("Form.Platform", "zoom"),
        ("Form.Title", "Forged call"),
        ("Form.Description", "Sent from another site"),
        ("Form.Start", SecurityApp.Local(SecurityApp.Day.AddDays(3).At(9))),
        ("Form.End", SecurityApp.Local(SecurityApp.Day.AddDays(3).At(10))),
        .. participants.Select(p => ("Form.Participants", p.ToString())),
    ];

    [Theory]
    [MemberData(nameof(Attempts))]
    public async Task A_post_without_the_persons_own_token_is_refused_and_changes_nothing(string form, string attempt)
    {
        await app.EnsureLinkedAsync();
        var isLogin = form == "POST /Account/Login";
        var isLogout = form == "POST /Account/Logout";
        // Signing in and out change the client's session: they get a client of their own.
        using var own = isLogin ? app.Factory.CreateAnonymousClient() : isLogout ? await app.Factory.CreateClientForAsync(DemoData.Clara) : null;
        var client = own ?? await app.ClientAsync(Role.Clara);
        if (isLogin)
        {
            // The client has the antiforgery cookie of a visit to the sign-in page, as a victim's browser would.
            _ = await InsightGig.TestSupport.InsightGigWebFactory.GetFormTokenAsync(client, "/Account/Login");
        }

        var meetingId = form.Contains("{meeting}", StringComparison.Ordinal) ? await app.ScheduleAsync() : app.MatrixMeetingId;
        var meeting = await app.MeetingAsync(meetingId);
        var url = form["POST ".Length..]
            .Replace("{hiro}", DemoData.Hiro.Id.ToString(), StringComparison.Ordinal)
            .Replace("{northwind-brief}", DemoData.NorthwindBriefId.ToString(), StringComparison.Ordinal)
            .Replace("{northwind-project}", DemoData.NorthwindProjectId.ToString(), StringComparison.Ordinal)
            .Replace("{meeting}", meetingId.ToString(), StringComparison.Ordinal);
        var fields = Forms[form]
            .Select(f => (f.Name, f.Value.Replace("{key}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{version}", meeting!.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)))
            .ToList();
        if (attempt == "another person's token")
        {
            // A real token, but Gina's: it is bound to her and her cookie, not to this browser.
            fields.Add(("__RequestVerificationToken", await app.TokenAsync(Role.Gina)));
        }

        var before = await app.FootprintAsync();

        using var content = SecurityApp.Form([.. fields]);
        using var response = await client.PostAsync(new Uri(url, UriKind.Relative), content, SecurityApp.Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await app.FootprintAsync());
        using var signedIn = await client.GetAsync(new Uri("/Projects", UriKind.Relative), SecurityApp.Ct);
        Assert.Equal(isLogin ? HttpStatusCode.Redirect : HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Fact]
    public async Task Every_post_form_on_the_pages_is_in_the_table()
    {
        await app.EnsureLinkedAsync();
        var meetingId = await app.ScheduleAsync();
        var clara = await app.ClientAsync(Role.Clara);
        using var carlos = await app.Factory.CreateClientForAsync(DemoData.Carlos);
        using var anonymous = app.Factory.CreateAnonymousClient();
        var pages = new (HttpClient Client, string Url)[]
        {
            (anonymous, "/Account/Login"),
            (clara, "/"),
            (clara, "/Experts"),
            (clara, $"/Experts/{DemoData.Hiro.Id}"),
            (clara, "/Briefs"),
            (clara, $"/Briefs/{DemoData.NorthwindBriefId}"),
            (clara, "/Projects"),
            (clara, $"/Projects/{DemoData.NorthwindProjectId}"),
            (clara, "/Meetings"),
            (clara, "/Account/ConnectedApps"),
            (clara, "/Account/Logout"),
            (clara, $"/meetings/{meetingId}"),
            (clara, $"/meetings/{meetingId}?confirmCancel=true"),
            // Carlos has linked nothing: Connect forms, and the dialog's "Link your … account" buttons (formaction).
            (carlos, "/Account/ConnectedApps"),
            (carlos, $"/Projects/{DemoData.NorthwindProjectId}"),
            (carlos, $"/Experts/{DemoData.Hiro.Id}"),
        };
        var covered = Forms.Keys.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        var found = new SortedSet<string>(StringComparer.Ordinal);

        foreach (var (client, url) in pages)
        {
            var (response, document) = await client.GetPageAsync(url);
            using (response)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}");
            }

            foreach (var form in document.QuerySelectorAll("form").Where(f => string.Equals(f.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase)))
            {
                Assert.NotNull(form.QuerySelector("input[name='__RequestVerificationToken']"));
                found.Add(Normalize("POST " + Action(form.GetAttribute("action"), url)));
                foreach (var button in form.QuerySelectorAll("[formaction]"))
                {
                    found.Add(Normalize("POST " + Action(button.GetAttribute("formaction"), url)));
                }
            }
        }

        Assert.Contains("POST /meetings/{id}?handler=Cancel", found);
        Assert.Contains("POST /integrations/zoom/connect", found);
        var missing = found.Except(covered, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "POST forms with no antiforgery test: " + string.Join(", ", missing));
    }

    private static string Action(string? action, string pageUrl) =>
        string.IsNullOrEmpty(action) ? pageUrl.Split('?')[0] : action;

    /// <summary>Ids and placeholders become <c>{id}</c>: one entry per form, whichever record it is on.</summary>
    private static string Normalize(string form) => IdPattern().Replace(form, "{id}");

    [GeneratedRegex(@"\{[a-z-]+\}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex IdPattern();
}
