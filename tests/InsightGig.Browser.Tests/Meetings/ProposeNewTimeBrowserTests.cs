using System.Globalization;
using InsightGig.Browser.Tests.Infrastructure;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static InsightGig.Browser.Tests.Infrastructure.Flows;
using static Microsoft.Playwright.Assertions;

namespace InsightGig.Browser.Tests.Meetings;

/// <summary>
/// Experts answer in InsightGig: an expert proposes a new time on the meeting page, the organizer accepts it with one click,
/// and the sandbox's Zoom meeting and Google Calendar event move to it; axe-core on both views.
/// </summary>
public sealed class ProposeNewTimeBrowserTests(ChromiumFixture chromium, LiveAppFixture app)
    : BrowserTest(chromium, app), IClassFixture<LiveAppFixture>
{
    [Fact]
    public async Task An_expert_proposes_a_new_time_and_the_organizer_accepts_it()
    {
        var state = App.Services.GetRequiredService<ProviderSandboxState>();
        await SandboxTestData.ConnectAsync(App.Services, state, DemoData.Clara.Id, DemoData.Clara.Email, SandboxProvider.Zoom);
        await SandboxTestData.ConnectAsync(App.Services, state, DemoData.Clara.Id, DemoData.Clara.Email, SandboxProvider.Google);
        await SignInAsync(Page, DemoData.Clara);
        await Page.GotoAsync($"/Experts/{DemoData.Sofia.Id}");
        var dialog = await OpenScheduleDialogAsync(Page);
        await Platform(dialog, "Zoom").CheckAsync();
        await dialog.GetByLabel("Title").FillAsync("Grid storage call");
        await dialog.GetByLabel("Starting date & time").FillAsync(LocalDateTime(9, 16));
        await dialog.GetByLabel("Ending date & time").FillAsync(LocalDateTime(9, 16, 45));
        await CreateButton(dialog).ClickAsync();
        await Page.Locator(".schedule__confirmation").GetByRole(AriaRole.Link, new() { Name = "View or change the meeting" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Grid storage call", Level = 1 })).ToBeVisibleAsync();
        var meetingPath = new Uri(Page.Url).AbsolutePath;

        // Sofia (Los Angeles) proposes the next morning on her own clock, with a note.
        var sofia = await NewPageAsync();
        await SignInAsync(sofia, DemoData.Sofia);
        await sofia.GotoAsync(meetingPath);
        await Expect(sofia.Locator("#my-answer")).ToHaveTextAsync("Awaiting reply");
        await sofia.Locator("#propose summary").ClickAsync();
        var propose = sofia.Locator("#propose-form");
        var start = LocalDateTime(10, 8);
        var end = LocalDateTime(10, 8, 45);
        await propose.GetByLabel("Starting date & time").FillAsync(start);
        await propose.GetByLabel("Ending date & time").FillAsync(end);
        await propose.GetByLabel("Note to the organizer (optional)").FillAsync("I am travelling that afternoon.");
        await propose.GetByRole(AriaRole.Button, new() { Name = "Propose this time" }).ClickAsync();
        await Expect(sofia.Locator(".status-region .alert--ok")).ToContainTextAsync("Your proposed time is sent to the organizer");
        await Expect(sofia.Locator("#my-answer")).ToHaveTextAsync("Maybe (tentative) in InsightGig");
        await Expect(sofia.Locator("#my-proposal")).ToBeVisibleAsync();
        await Axe.AssertNoViolationsAsync(sofia, "participant view with a proposal", Axe.SeriousOrCritical);
        await ScreenshotAsync(sofia, "meeting-page-participant-proposal");

        // Clara sees it and accepts it with one click.
        await Page.ReloadAsync();
        var proposal = Page.Locator("#proposals .proposal");
        await Expect(proposal).ToContainTextAsync("Sofia Alvarez proposes");
        await Expect(proposal).ToContainTextAsync("I am travelling that afternoon.");
        await Axe.AssertNoViolationsAsync(Page, "organizer view with a proposal", Axe.SeriousOrCritical);
        await ScreenshotAsync(Page, "meeting-page-organizer-proposal");
        await proposal.GetByRole(AriaRole.Button, new() { Name = "Accept proposal" }).ClickAsync();
        await Expect(Page.Locator(".status-region .alert--ok")).ToHaveTextAsync(
            "Proposal accepted: the meeting is rescheduled. The video meeting and everyone's calendar invite are up to date.");
        await Expect(Page.Locator("#proposals")).ToHaveCountAsync(0);
        await Expect(Page.Locator("#participants")).ToContainTextAsync("Accepted in InsightGig");

        // The video meeting and the calendar event moved to Sofia's time (08:00 Los Angeles).
        var los = TimeZoneInfo.FindSystemTimeZoneById(DemoData.Sofia.TimeZoneId);
        var wanted = DateTime.ParseExact(start, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        var expectedStart = new DateTimeOffset(wanted, los.GetUtcOffset(wanted)).ToUniversalTime();
        var zoom = Assert.Single(state.GetZoomMeetings());
        Assert.Equal(expectedStart, zoom.StartTime);
        Assert.Equal(45, zoom.Duration);
        var calendarEvent = Assert.Single(state.GetCalendarEvents(DemoData.Clara.Email));
        Assert.Equal(expectedStart, DateTimeOffset.Parse(calendarEvent.Resource["start"]!["dateTime"]!.GetValue<string>(), CultureInfo.InvariantCulture));

        await sofia.ReloadAsync();
        await Expect(sofia.Locator("#my-answer")).ToHaveTextAsync("Accepted in InsightGig");
        await Expect(sofia.Locator("#my-proposal")).ToHaveCountAsync(0);
    }
}
