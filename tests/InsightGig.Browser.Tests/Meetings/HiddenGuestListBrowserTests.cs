using InsightGig.Browser.Tests.Infrastructure;
using InsightGig.Infrastructure.Persistence.Seeding;
using Microsoft.Playwright;
using static InsightGig.Browser.Tests.Infrastructure.Flows;
using static Microsoft.Playwright.Assertions;

namespace InsightGig.Browser.Tests.Meetings;

/// <summary>
/// A client schedules with an expert: "Hide guest list" ticks itself when the expert is ticked, the calendar event hides its
/// guest list (Google <c>guestsCanSeeOtherGuests: false</c>), and the expert's meeting page names nobody but the organizer and them.
/// </summary>
public sealed class HiddenGuestListBrowserTests(ChromiumFixture chromium, LiveAppFixture app)
    : BrowserTest(chromium, app), IClassFixture<LiveAppFixture>
{
    private static readonly string ProjectPage = $"/Projects/{DemoData.NorthwindProjectId}";

    [Fact]
    public async Task Ticking_an_expert_ticks_hide_guest_list_and_the_sandbox_event_hides_its_guests()
    {
        const string title = "Confidential: cobalt supply panel";
        await SignInAsync(Page, DemoData.Carlos);
        await LinkFromConnectedAppsAsync(Page, DemoData.Carlos, zoom: false, google: true);
        await Page.GotoAsync(ProjectPage);
        var dialog = await OpenScheduleDialogAsync(Page);
        await Platform(dialog, "Google Meet").CheckAsync();
        await dialog.GetByLabel("Title").FillAsync(title);
        await dialog.GetByLabel("Starting date & time").FillAsync(LocalDateTime(9, 10));
        await dialog.GetByLabel("Ending date & time").FillAsync(LocalDateTime(9, 11));
        var hide = dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Hide guest list" });
        await Expect(dialog.GetByText("Participants will not see each other's emails in their invites.")).ToBeVisibleAsync();

        // A colleague alone: the list stays visible; an expert ticked: it hides itself.
        await Expect(hide).Not.ToBeCheckedAsync();
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = DemoData.Clara.FullName }).CheckAsync();
        await Expect(hide).Not.ToBeCheckedAsync();
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = DemoData.Erin.FullName }).CheckAsync();
        await Expect(hide).ToBeCheckedAsync();
        await ScreenshotAsync(Page, "hide-guest-list-ticked", fullPage: false);
        await CreateButton(dialog).ClickAsync();

        await Expect(Page.Locator(".schedule__confirmation")).ToContainTextAsync($"Meeting scheduled: “{title}”");
        var state = await App.GetSandboxStateAsync();
        var calendarEvent = Assert.Single(
            state.GetProperty("google").GetProperty("calendars").EnumerateArray().SelectMany(c => c.GetProperty("events").EnumerateArray()),
            e => e.GetProperty("summary").GetString() == title);
        Assert.False(calendarEvent.GetProperty("resource").GetProperty("guestsCanSeeOtherGuests").GetBoolean());
        Assert.False(calendarEvent.GetProperty("guestsCanSeeOtherGuests").GetBoolean());

        // The sandbox's Google Calendar shows Erin's invitation without the guest list.
        var erin = await NewPageAsync();
        await erin.GotoAsync($"/sandbox/google/calendar?account={Uri.EscapeDataString(DemoData.Erin.Email)}");
        var invitation = erin.Locator("section", new() { HasText = title });
        await Expect(invitation).ToContainTextAsync("The organizer has hidden the guest list.");
        await Expect(invitation).Not.ToContainTextAsync(DemoData.Clara.Email);

        // In InsightGig Erin sees Carlos (the organizer) and herself, and that there is one other.
        await SignInAsync(erin, DemoData.Erin);
        await erin.GotoAsync("/Meetings");
        await erin.Locator(".meeting", new() { HasText = title }).GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Expect(erin.Locator("#participants")).ToContainTextAsync(DemoData.Erin.FullName);
        await Expect(erin.Locator("#other-participants")).ToContainTextAsync("and 1 other");
        await Expect(erin.Locator("main")).Not.ToContainTextAsync(DemoData.Clara.FullName);
        await Expect(erin.Locator("main")).ToContainTextAsync(DemoData.Carlos.FullName);
        AssertNoScriptProblems();
    }
}
