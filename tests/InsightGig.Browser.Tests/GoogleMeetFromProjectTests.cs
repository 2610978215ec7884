using System.Text.Json;
using InsightGig.Browser.Tests.Infrastructure;
using InsightGig.Infrastructure.Persistence.Seeding;
using Microsoft.Playwright;
using static InsightGig.Browser.Tests.Infrastructure.Flows;
using static Microsoft.Playwright.Assertions;

namespace InsightGig.Browser.Tests;

/// <summary>Google Meet from a project page: Google only, several collaborators, and titles that are only ever text.</summary>
public sealed class GoogleMeetFromProjectTests(ChromiumFixture chromium, LiveAppFixture app)
    : BrowserTest(chromium, app), IClassFixture<LiveAppFixture>
{
    private static readonly string ProjectPage = $"/Projects/{DemoData.NorthwindProjectId}";

    [Fact]
    public async Task Linking_Google_alone_is_enough_for_a_Google_Meet_with_two_collaborators()
    {
        const string title = "Cobalt sourcing: expert panel";
        await SignInAsync(Page, DemoData.Carlos);
        await Page.GotoAsync(ProjectPage);
        var dialog = await OpenScheduleDialogAsync(Page);

        await Platform(dialog, "Google Meet").CheckAsync();
        var panel = PlatformPanel(dialog, "Google Meet");
        await Expect(panel.GetByText("Google Calendar not connected")).ToBeVisibleAsync();
        await Expect(PlatformPanel(dialog, "Zoom")).ToBeHiddenAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Connect Calendar" }).ClickAsync();
        await ChooseGoogleAccountAndContinueAsync(Page, DemoData.Carlos.Email);

        await Expect(Page).ToHaveURLAsync(UrlEndingWith($"{ProjectPage}?schedule=google-meet"));
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(Platform(dialog, "Google Meet")).ToBeCheckedAsync();
        await Expect(panel.GetByText("Google Calendar connected")).ToBeVisibleAsync();
        var create = CreateButton(dialog);
        await dialog.GetByLabel("Title").FillAsync(title);
        await dialog.GetByLabel("Description").FillAsync("Two experts compare cobalt supply risks.");
        await dialog.GetByLabel("Starting date & time").FillAsync(LocalDateTime(9, 15));
        await dialog.GetByLabel("Ending date & time").FillAsync(LocalDateTime(9, 16));
        // A project meeting needs at least one collaborator.
        await Expect(create).ToBeDisabledAsync();
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = DemoData.Erin.FullName }).CheckAsync();
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = DemoData.Hiro.FullName }).CheckAsync();
        await Expect(create).ToBeEnabledAsync();
        await ScreenshotAsync(Page, "google-meet-dialog-filled", fullPage: false);
        await create.ClickAsync();

        var confirmation = Page.Locator(".schedule__confirmation");
        await Expect(confirmation).ToContainTextAsync($"Meeting scheduled: “{title}”");
        await Expect(confirmation).ToContainTextAsync($"{DemoData.Erin.FullName}, {DemoData.Hiro.FullName}");
        var joinUrl = await confirmation.Locator("a[target=_blank]").GetAttributeAsync("href");
        Assert.NotNull(joinUrl);
        Assert.StartsWith("https://meet.google.com/", joinUrl, StringComparison.Ordinal);
        await ScreenshotAsync(Page, "google-meet-confirmation");

        // The calendar event invites both, with a Meet conference; no Zoom meeting was made.
        var state = await App.GetSandboxStateAsync();
        Assert.Empty(state.GetProperty("zoom").GetProperty("meetings").EnumerateArray());
        var calendarEvent = Assert.Single(AllEvents(state), e => e.GetProperty("summary").GetString() == title);
        var attendees = calendarEvent.GetProperty("attendeeEmails").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(DemoData.Erin.Email, attendees);
        Assert.Contains(DemoData.Hiro.Email, attendees);
        Assert.DoesNotContain(DemoData.Sofia.Email, attendees);
        Assert.Equal(joinUrl, calendarEvent.GetProperty("hangoutLink").GetString());
        Assert.Equal("success", calendarEvent.GetProperty("conferenceStatus").GetString());
        Assert.True(calendarEvent.GetProperty("resource").TryGetProperty("conferenceData", out _), "The event should carry its conference.");

        // Listed under the project's upcoming meetings, and on a participant's My meetings.
        await Page.GotoAsync(ProjectPage);
        await Expect(UpcomingMeetings(Page)).ToContainTextAsync(title);
        var erin = await NewPageAsync();
        await SignInAsync(erin, DemoData.Erin);
        await erin.GotoAsync("/Meetings");
        var listed = erin.Locator(".meeting", new() { HasText = title });
        await Expect(listed).ToContainTextAsync($"Organized by {DemoData.Carlos.FullName}");
        await Expect(listed.GetByRole(AriaRole.Link, new() { Name = "Join meeting" })).ToHaveAttributeAsync("href", joinUrl);
        AssertNoScriptProblems();
    }

    [Fact]
    public async Task A_script_in_the_title_is_shown_as_text_everywhere_and_never_runs()
    {
        const string title = "<script>alert('xss')</script><img src=x onerror=\"alert('img')\"> Q3 review";
        await SignInAsync(Page, DemoData.Clara);
        await LinkFromConnectedAppsAsync(Page, DemoData.Clara, zoom: false, google: true);
        await Page.GotoAsync(ProjectPage);
        var dialog = await OpenScheduleDialogAsync(Page);
        await Platform(dialog, "Google Meet").CheckAsync();
        await dialog.GetByLabel("Title").FillAsync(title);
        await dialog.GetByLabel("Starting date & time").FillAsync(LocalDateTime(11, 14));
        await dialog.GetByLabel("Ending date & time").FillAsync(LocalDateTime(11, 14, 30));
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = DemoData.Sofia.FullName }).CheckAsync();
        await CreateButton(dialog).ClickAsync();

        var confirmation = Page.Locator(".schedule__confirmation");
        await Expect(confirmation).ToContainTextAsync(title);
        await AssertInertAsync(Page);

        await Page.GotoAsync(ProjectPage);
        await Expect(UpcomingMeetings(Page).Locator(".list__title", new() { HasText = title })).ToHaveTextAsync(title);
        await AssertInertAsync(Page);

        await Page.GotoAsync("/Meetings");
        await Expect(Page.Locator(".meeting .list__title", new() { HasText = title })).ToHaveTextAsync(title);
        await AssertInertAsync(Page);
        AssertNoScriptProblems();
    }

    private static ILocator UpcomingMeetings(IPage page) =>
        page.GetByRole(AriaRole.Region, new() { Name = "Upcoming meetings" });

    private static IEnumerable<JsonElement> AllEvents(JsonElement state) =>
        state.GetProperty("google").GetProperty("calendars").EnumerateArray().SelectMany(c => c.GetProperty("events").EnumerateArray());

    /// <summary>The payload became text: no element of it exists in the page.</summary>
    private static async Task AssertInertAsync(IPage page)
    {
        Assert.Equal(0, await page.Locator("main script, main img[src=x]").CountAsync());
    }
}
