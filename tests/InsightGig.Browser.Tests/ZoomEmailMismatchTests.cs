using InsightGig.Browser.Tests.Infrastructure;
using InsightGig.Infrastructure.Persistence.Seeding;
using Microsoft.Playwright;
using static InsightGig.Browser.Tests.Infrastructure.Flows;
using static Microsoft.Playwright.Assertions;

namespace InsightGig.Browser.Tests;

/// <summary>The help article's rule, in the browser: Zoom must be signed in with the InsightGig email.</summary>
public sealed class ZoomEmailMismatchTests(ChromiumFixture chromium, LiveAppFixture app)
    : BrowserTest(chromium, app), IClassFixture<LiveAppFixture>
{
    [Fact]
    public async Task Signing_in_to_Zoom_with_another_email_explains_the_rule_and_links_nothing()
    {
        const string otherEmail = "clara.personal@gmail.example";
        await SignInAsync(Page, DemoData.Clara);
        await Page.GotoAsync($"/Experts/{DemoData.Hiro.Id}");
        var dialog = await OpenScheduleDialogAsync(Page);
        await Platform(dialog, "Zoom").CheckAsync();
        await PlatformPanel(dialog, "Zoom").GetByRole(AriaRole.Button, new() { Name = "Link your Zoom account" }).ClickAsync();

        // On Zoom's page, type another address rather than picking Clara's work account.
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Zoom" })).ToBeVisibleAsync();
        await Page.GetByLabel("Email address").FillAsync(otherEmail);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(Page.GetByText($"Signed in as {otherEmail}")).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Allow", Exact = true }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Zoom was not linked" })).ToBeVisibleAsync();
        var alert = Page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("should be the same as your InsightGig email");
        await Expect(alert).ToContainTextAsync(otherEmail);
        await Expect(alert).ToContainTextAsync(DemoData.Clara.Email);
        await ScreenshotAsync(Page, "zoom-email-mismatch");

        await Page.GotoAsync("/Account/ConnectedApps");
        await Expect(Page.Locator("#connection-zoom .status")).ToHaveTextAsync("Not connected");
        await Expect(Page.Locator("#connection-zoom")).Not.ToContainTextAsync(otherEmail);
        await Page.GotoAsync($"/Experts/{DemoData.Hiro.Id}");
        dialog = await OpenScheduleDialogAsync(Page);
        await Expect(dialog.Locator("label[for=platform-zoom]")).ToContainTextAsync("Needs linking");
        AssertNoScriptProblems();
    }
}
