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
/// The meeting page in a real browser (CSP on, site.js loaded): from the scheduling confirmation to the page, reschedule
/// with an error first, cancel through the confirmation step, and the .ics download; axe-core on each state.
/// </summary>
public sealed class MeetingPageBrowserTests(ChromiumFixture chromium, LiveAppFixture app)
    : BrowserTest(chromium, app), IClassFixture<LiveAppFixture>
{
    [Fact]
    public async Task The_organizer_reschedules_and_cancels_from_the_meeting_page()
    {
        var state = App.Services.GetRequiredService<ProviderSandboxState>();
        await SandboxTestData.ConnectAsync(App.Services, state, DemoData.Clara.Id, DemoData.Clara.Email, SandboxProvider.Zoom);
        await SandboxTestData.ConnectAsync(App.Services, state, DemoData.Clara.Id, DemoData.Clara.Email, SandboxProvider.Google);
        await SignInAsync(Page, DemoData.Clara);
        // The confirmation links to the meeting page.
        await ScheduleZoomCallFromProfileAsync(Page, DemoData.Sofia, "Lithium pricing call", LocalDateTime(9, 10), LocalDateTime(9, 10, 45));
        await Expect(Page.Locator("#meeting-when")).ToContainTextAsync("10:00 – 10:45 (Europe/London)");
        await AssertNoSeriousViolationsAsync(Page, "organizer view");
        await ScreenshotAsync(Page, "meeting-page-organizer");

        // An end before the start: the error is announced, focused and next to the field.
        var reschedule = Page.Locator("#reschedule-form");
        await reschedule.GetByLabel("Starting date & time").FillAsync(LocalDateTime(10, 14));
        await reschedule.GetByLabel("Ending date & time").FillAsync(LocalDateTime(10, 13));
        await reschedule.GetByRole(AriaRole.Button, new() { Name = "Reschedule" }).ClickAsync();
        await Expect(Page.Locator("#reschedule-errors")).ToBeFocusedAsync();
        await Expect(Page.Locator("#error-Reschedule-End")).ToHaveTextAsync("The end must be after the start.");
        await Expect(reschedule.GetByLabel("Ending date & time")).ToHaveAttributeAsync("aria-invalid", "true");
        await AssertNoSeriousViolationsAsync(Page, "reschedule error");
        await ScreenshotAsync(Page, "meeting-page-reschedule-error", fullPage: false);

        await reschedule.GetByLabel("Ending date & time").FillAsync(LocalDateTime(10, 15));
        await reschedule.GetByRole(AriaRole.Button, new() { Name = "Reschedule" }).ClickAsync();
        await Expect(Page.Locator(".status-region .alert--ok")).ToHaveTextAsync("Meeting rescheduled. The video meeting and everyone's calendar invite are up to date.");
        await Expect(Page.Locator("#meeting-when")).ToContainTextAsync("14:00 – 15:00 (Europe/London)");
        var zoom = Assert.Single(state.GetZoomMeetings());
        Assert.Equal(60, zoom.Duration);

        // Cancel: a confirmation step with an optional note, then both sides are gone.
        await Page.GetByRole(AriaRole.Link, new() { Name = "Cancel this meeting…" }).ClickAsync();
        await Expect(Page.Locator("#cancel-confirm-text")).ToBeFocusedAsync();
        await AssertNoSeriousViolationsAsync(Page, "cancel confirmation");
        await ScreenshotAsync(Page, "meeting-page-cancel-confirmation", fullPage: false);
        await Page.GetByLabel("Note to participants (optional)").FillAsync("Postponed until the data room opens.");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel the meeting" }).ClickAsync();
        await Expect(Page.Locator("#cancelled")).ToContainTextAsync("Postponed until the data room opens.");
        await Expect(Page.Locator("#meeting-status")).ToHaveTextAsync("Cancelled");
        await AssertNoSeriousViolationsAsync(Page, "cancelled");
        await ScreenshotAsync(Page, "meeting-page-cancelled");
        Assert.True(Assert.Single(state.GetZoomMeetings(includeDeleted: true)).Deleted);
        Assert.Equal("cancelled", Assert.Single(state.GetCalendarEvents(DemoData.Clara.Email)).Status);

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByRole(AriaRole.Link, new() { Name = "Add to calendar (.ics)" }).ClickAsync());
        Assert.Equal("lithium-pricing-call.ics", download.SuggestedFilename);
        var ics = await File.ReadAllTextAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        Assert.Contains("METHOD:CANCEL\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("STATUS:CANCELLED\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:2\r\n", ics, StringComparison.Ordinal);
    }

    private static Task AssertNoSeriousViolationsAsync(IPage page, string what) =>
        Axe.AssertNoViolationsAsync(page, what, Axe.SeriousOrCritical);
}
