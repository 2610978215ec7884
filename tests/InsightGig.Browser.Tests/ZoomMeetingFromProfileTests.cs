using System.Text.Json;
using InsightGig.Browser.Tests.Infrastructure;
using InsightGig.Infrastructure.Persistence.Seeding;
using Microsoft.Playwright;
using static InsightGig.Browser.Tests.Infrastructure.Flows;
using static Microsoft.Playwright.Assertions;

namespace InsightGig.Browser.Tests;

/// <summary>The help article's first-time path: from an expert's profile, link Zoom and Google inside the dialog, then create a Zoom meeting.</summary>
public sealed class ZoomMeetingFromProfileTests(ChromiumFixture chromium, LiveAppFixture app)
    : BrowserTest(chromium, app), IClassFixture<LiveAppFixture>
{
    [Fact]
    public async Task A_first_time_user_links_Zoom_and_Google_from_the_dialog_and_creates_a_Zoom_meeting_with_the_expert()
    {
        var expert = DemoData.Erin;
        var profile = $"/Experts/{expert.Id}";
        await SignInAsync(Page, DemoData.Clara);
        await Page.GotoAsync(profile);

        var dialog = await OpenScheduleDialogAsync(Page);
        Assert.Equal("DIALOG", await dialog.EvaluateAsync<string>("d => d.tagName"));
        Assert.True(await dialog.EvaluateAsync<bool>("d => d.open && d.matches(':modal')"), "The dialog should be open as a modal dialog.");
        await Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Schedule a meeting" })).ToBeVisibleAsync();

        // Zoom needs both accounts: first Zoom itself, with the same email as InsightGig.
        await Platform(dialog, "Zoom").CheckAsync();
        await Expect(PlatformPanel(dialog, "Zoom").GetByText("should be the same as your InsightGig email")).ToBeVisibleAsync();
        await Expect(CreateButton(dialog)).ToBeHiddenAsync();
        await PlatformPanel(dialog, "Zoom").GetByRole(AriaRole.Button, new() { Name = "Link your Zoom account" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sandbox/zoom/oauth/authorize"));
        await SignInToZoomAndAllowAsync(Page, DemoData.Clara.Email);

        // Back on the profile, with the dialog reopened on Zoom.
        await Expect(Page).ToHaveURLAsync(UrlEndingWith($"{profile}?schedule=zoom"));
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(Platform(dialog, "Zoom")).ToBeCheckedAsync();
        await Expect(PlatformPanel(dialog, "Zoom").GetByText("Zoom connected")).ToBeVisibleAsync();

        // Then the calendar.
        await PlatformPanel(dialog, "Zoom").GetByRole(AriaRole.Button, new() { Name = "Connect Calendar" }).ClickAsync();
        await ChooseGoogleAccountAndContinueAsync(Page, DemoData.Clara.Email);
        await Expect(Page).ToHaveURLAsync(UrlEndingWith($"{profile}?schedule=zoom"));
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(PlatformPanel(dialog, "Zoom").GetByText("Google Calendar connected")).ToBeVisibleAsync();

        // Create meeting stays disabled until every required field is filled.
        var title = "Battery supply chain: first call";
        var create = CreateButton(dialog);
        await Expect(create).ToBeVisibleAsync();
        await Expect(create).ToBeDisabledAsync();
        await dialog.GetByLabel("Title").FillAsync(title);
        await Expect(create).ToBeDisabledAsync();
        await dialog.GetByLabel("Description").FillAsync("Sourcing of cathode materials in 2026.");
        await dialog.GetByLabel("Starting date & time").FillAsync(LocalDateTime(7, 10));
        await Expect(create).ToBeDisabledAsync();
        await dialog.GetByLabel("Ending date & time").FillAsync(LocalDateTime(7, 10, 45));
        await Expect(create).ToBeEnabledAsync();
        await ScreenshotAsync(Page, "zoom-dialog-filled", fullPage: false);

        await create.ClickAsync();

        // The confirmation, with the join link, just below the button.
        var confirmation = Page.Locator(".schedule__confirmation");
        await Expect(confirmation).ToBeVisibleAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(confirmation).ToContainTextAsync($"Meeting scheduled: “{title}”");
        await Expect(confirmation).ToContainTextAsync(expert.FullName);
        var joinLink = confirmation.Locator("a[target=_blank]");
        var joinUrl = await joinLink.GetAttributeAsync("href");
        Assert.NotNull(joinUrl);
        await Expect(joinLink).ToHaveTextAsync(joinUrl);
        var button = await ScheduleButton(Page).BoundingBoxAsync();
        var message = await confirmation.BoundingBoxAsync();
        Assert.NotNull(button);
        Assert.NotNull(message);
        Assert.InRange(message.Y - (button.Y + button.Height), 0, 40);
        Assert.True(message.X < button.X + button.Width && button.X < message.X + message.Width, "The confirmation should be under the button, not beside it.");
        await ScreenshotAsync(Page, "zoom-confirmation");

        // At the providers: one Zoom meeting, and one calendar event inviting the expert, carrying the Zoom link.
        var state = await App.GetSandboxStateAsync();
        var meeting = Assert.Single(state.GetProperty("zoom").GetProperty("meetings").EnumerateArray());
        Assert.Equal(title, meeting.GetProperty("topic").GetString());
        Assert.Equal(DemoData.Clara.Email, meeting.GetProperty("hostEmail").GetString());
        Assert.False(meeting.GetProperty("deleted").GetBoolean());
        Assert.Equal(meeting.GetProperty("joinUrl").GetString(), joinUrl);
        var calendarEvent = Assert.Single(state.GetProperty("google").GetProperty("calendars").EnumerateArray()
            .SelectMany(calendar => calendar.GetProperty("events").EnumerateArray()));
        Assert.Equal(title, calendarEvent.GetProperty("summary").GetString());
        Assert.Contains(expert.Email, calendarEvent.GetProperty("attendeeEmails").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(joinUrl, calendarEvent.GetProperty("resource").GetRawText(), StringComparison.Ordinal);
        AssertNoScriptProblems();
    }
}
