using System.Text.Json;
using InsightGig.Browser.Tests.Infrastructure;
using InsightGig.Infrastructure.Persistence.Seeding;
using Microsoft.Playwright;
using static InsightGig.Browser.Tests.Infrastructure.Flows;
using static Microsoft.Playwright.Assertions;

namespace InsightGig.Browser.Tests;

/// <summary>
/// Issue 16 in a browser against the embedded sandbox: a Contoso client signs in with Microsoft from the dialog, schedules a
/// Teams meeting with two collaborators, and a Zoom meeting whose invite comes from Outlook.
/// </summary>
public sealed class MicrosoftTeamsFromProjectTests(ChromiumFixture chromium, LiveAppFixture app)
    : BrowserTest(chromium, app), IClassFixture<LiveAppFixture>
{
    private static readonly string ProjectPage = $"/Projects/{DemoData.ContosoProjectId}";

    /// <summary>On the sandbox's "Sign in with Microsoft" page: picks the account, then Accept on the permissions page.</summary>
    internal static async Task SignInWithMicrosoftAndAcceptAsync(IPage page, string email)
    {
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in with Microsoft" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = email }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Permissions requested" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept", Exact = true }).ClickAsync();
    }

    internal static List<JsonElement> OutlookEvents(JsonElement state) =>
        [.. state.GetProperty("microsoft").GetProperty("events").EnumerateArray()];

    [Fact]
    public async Task Signing_in_with_Microsoft_from_the_dialog_is_enough_for_a_Teams_meeting_with_two_collaborators()
    {
        const string title = "Processor shortlist: Teams panel";
        await SignInAsync(Page, DemoData.Morgan);
        await Page.GotoAsync(ProjectPage);
        var dialog = await OpenScheduleDialogAsync(Page);

        await Platform(dialog, "Microsoft Teams").CheckAsync();
        var panel = PlatformPanel(dialog, "Microsoft Teams");
        await Expect(panel.GetByText("Outlook Calendar not connected")).ToBeVisibleAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Sign in with Microsoft" }).ClickAsync();
        await SignInWithMicrosoftAndAcceptAsync(Page, DemoData.Morgan.Email);

        await Expect(Page).ToHaveURLAsync(UrlEndingWith($"{ProjectPage}?schedule=teams"));
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(Platform(dialog, "Microsoft Teams")).ToBeCheckedAsync();
        await Expect(panel.GetByText("Outlook Calendar connected")).ToBeVisibleAsync();
        await dialog.GetByLabel("Title").FillAsync(title);
        await dialog.GetByLabel("Description").FillAsync("Two experts compare processors.");
        await dialog.GetByLabel("Starting date & time").FillAsync(LocalDateTime(9, 10));
        await dialog.GetByLabel("Ending date & time").FillAsync(LocalDateTime(9, 11));
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = DemoData.Hiro.FullName }).CheckAsync();
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = DemoData.Sofia.FullName }).CheckAsync();
        await ScreenshotAsync(Page, "teams-dialog-filled", fullPage: false);
        await CreateButton(dialog).ClickAsync();

        var confirmation = Page.Locator(".schedule__confirmation");
        await Expect(confirmation).ToContainTextAsync($"Meeting scheduled: “{title}”");
        var joinUrl = await confirmation.Locator("a[target=_blank]").GetAttributeAsync("href");
        Assert.NotNull(joinUrl);
        await ScreenshotAsync(Page, "teams-confirmation");

        var state = await App.GetSandboxStateAsync();
        Assert.Empty(state.GetProperty("zoom").GetProperty("meetings").EnumerateArray());
        var outlookEvent = Assert.Single(OutlookEvents(state), e => e.GetProperty("subject").GetString() == title);
        Assert.True(outlookEvent.GetProperty("isOnlineMeeting").GetBoolean());
        Assert.Equal(joinUrl, outlookEvent.GetProperty("joinUrl").GetString());
        var attendees = outlookEvent.GetProperty("attendees").EnumerateArray().Select(a => a.GetProperty("email").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([DemoData.Hiro.Email, DemoData.Sofia.Email], attendees);

        // On the meeting page too.
        await confirmation.Locator("#scheduled-meeting-link").ClickAsync();
        await Expect(Page.Locator("#join-link")).ToHaveAttributeAsync("href", joinUrl);
        AssertNoScriptProblems();
    }

}

/// <summary>A Zoom meeting whose organizer linked Outlook Calendar (its own app: linking state is per app).</summary>
public sealed class ZoomWithOutlookInviteTests(ChromiumFixture chromium, LiveAppFixture app)
    : BrowserTest(chromium, app), IClassFixture<LiveAppFixture>
{
    private static readonly string ProjectPage = $"/Projects/{DemoData.ContosoProjectId}";

    [Fact]
    public async Task A_Zoom_meeting_with_Outlook_as_the_calendar_puts_the_Zoom_link_into_the_Outlook_invite()
    {
        const string title = "Processor shortlist: Zoom call";
        await SignInAsync(Page, DemoData.Morgan);
        await Page.GotoAsync("/Account/ConnectedApps");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with Microsoft", Exact = true }).ClickAsync();
        await MicrosoftTeamsFromProjectTests.SignInWithMicrosoftAndAcceptAsync(Page, DemoData.Morgan.Email);
        await Expect(Page.Locator("#connection-microsoft .status")).ToHaveTextAsync("Connected");
        await LinkFromConnectedAppsAsync(Page, DemoData.Morgan, zoom: true, google: false);
        await Page.GotoAsync(ProjectPage);
        var dialog = await OpenScheduleDialogAsync(Page);

        await Platform(dialog, "Zoom").CheckAsync();
        await dialog.GetByLabel("Title").FillAsync(title);
        await dialog.GetByLabel("Starting date & time").FillAsync(LocalDateTime(9, 14));
        await dialog.GetByLabel("Ending date & time").FillAsync(LocalDateTime(9, 15));
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = DemoData.Hiro.FullName }).CheckAsync();
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = DemoData.Sofia.FullName }).CheckAsync();
        await CreateButton(dialog).ClickAsync();

        var confirmation = Page.Locator(".schedule__confirmation");
        await Expect(confirmation).ToContainTextAsync($"Meeting scheduled: “{title}”");
        var joinUrl = await confirmation.Locator("a[target=_blank]").GetAttributeAsync("href");
        var state = await App.GetSandboxStateAsync();
        var zoom = Assert.Single(state.GetProperty("zoom").GetProperty("meetings").EnumerateArray(), m => m.GetProperty("topic").GetString() == title);
        Assert.Equal(zoom.GetProperty("joinUrl").GetString(), joinUrl);
        var outlookEvent = Assert.Single(MicrosoftTeamsFromProjectTests.OutlookEvents(state), e => e.GetProperty("subject").GetString() == title);
        Assert.False(outlookEvent.GetProperty("isOnlineMeeting").GetBoolean());
        Assert.Contains(joinUrl!, outlookEvent.GetProperty("resource").GetProperty("body").GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, outlookEvent.GetProperty("attendees").GetArrayLength());
        AssertNoScriptProblems();
    }
}
