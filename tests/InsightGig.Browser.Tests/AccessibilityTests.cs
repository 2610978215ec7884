using InsightGig.Browser.Tests.Infrastructure;
using InsightGig.Infrastructure.Persistence.Seeding;
using Microsoft.Playwright;
using static InsightGig.Browser.Tests.Infrastructure.Flows;
using static Microsoft.Playwright.Assertions;

namespace InsightGig.Browser.Tests;

/// <summary>axe-core (Deque) on the rendered pages and on the open dialog: no serious or critical violation.</summary>
public sealed class AccessibilityTests(ChromiumFixture chromium, LiveAppFixture app)
    : BrowserTest(chromium, app), IClassFixture<LiveAppFixture>
{
    /// <summary>Each page with the heading that shows it really rendered (not an error page, not the sign-in page).</summary>
    public static TheoryData<string, string> SignedInPages => new()
    {
        { "/Experts", "Experts" },
        { $"/Experts/{DemoData.Erin.Id}", DemoData.Erin.FullName },
        { "/Briefs", "Briefs" },
        { $"/Briefs/{DemoData.NorthwindBriefId}", "Real-time payments adoption in India" },
        { "/Projects", "Projects" },
        { $"/Projects/{DemoData.NorthwindProjectId}", "EV battery supply due diligence" },
        { "/Meetings", "My meetings" },
        { "/Account/ConnectedApps", "Connected apps" },
        { "/Account/Profile", "Profile" },
        { "/dev/mail", "Caught mail" },
    };

    [Fact]
    public async Task The_login_page_has_no_serious_violations()
    {
        await GoToAndCheckItLoadedAsync(Page, "/Account/Login", "Sign in to InsightGig");
        await Expect(Page.GetByLabel("Email", new() { Exact = true })).ToBeVisibleAsync();
        await AssertNoSeriousViolationsAsync(Page, "login");
    }

    [Theory]
    [MemberData(nameof(SignedInPages))]
    public async Task A_signed_in_page_has_no_serious_violations(string path, string heading)
    {
        await SignInAsync(Page, DemoData.Clara);
        await GoToAndCheckItLoadedAsync(Page, path, heading);
        await AssertNoSeriousViolationsAsync(Page, path);
    }

    /// <summary>
    /// axe finds nothing wrong on an error page or the sign-in page just as well: first make sure the page asked for is the
    /// one on screen (answered 200, not redirected, its own heading shown).
    /// </summary>
    private static async Task GoToAndCheckItLoadedAsync(IPage page, string path, string heading)
    {
        var response = await page.GotoAsync(path);
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Equal(path, new Uri(page.Url).PathAndQuery);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = heading, Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_open_dialog_has_no_serious_violations_before_and_after_linking()
    {
        await SignInAsync(Page, DemoData.Carlos);
        await Page.GotoAsync($"/Projects/{DemoData.NorthwindProjectId}");
        var dialog = await OpenScheduleDialogAsync(Page);
        await AssertNoSeriousViolationsAsync(Page, "dialog, nothing chosen");
        await Platform(dialog, "Zoom").CheckAsync();
        await AssertNoSeriousViolationsAsync(Page, "dialog, Zoom needs linking");

        await Platform(dialog, "Google Meet").CheckAsync();
        await PlatformPanel(dialog, "Google Meet").GetByRole(AriaRole.Button, new() { Name = "Connect Calendar" }).ClickAsync();
        await ChooseGoogleAccountAndContinueAsync(Page, DemoData.Carlos.Email);
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(CreateButton(dialog)).ToBeVisibleAsync();
        await AssertNoSeriousViolationsAsync(Page, "dialog, Google Meet ready with collaborators");
    }

    private static Task AssertNoSeriousViolationsAsync(IPage page, string what) =>
        Axe.AssertNoViolationsAsync(page, what, Axe.SeriousOrCritical);
}
