using System.Globalization;
using InsightGig.Browser.Tests.Infrastructure;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static InsightGig.Browser.Tests.Infrastructure.Flows;
using static Microsoft.Playwright.Assertions;

namespace InsightGig.Browser.Tests;

/// <summary>
/// "Find a time" in the Schedule a meeting dialog on a project, in a real browser (CSP on, site.js loaded): the slots
/// avoid what a collaborator's connected calendar says is busy, fall inside everyone's working hours, and the one chosen
/// becomes the meeting's time.
/// </summary>
public sealed class FindTimeBrowserTests(ChromiumFixture chromium, LiveAppFixture app)
    : BrowserTest(chromium, app), IClassFixture<LiveAppFixture>
{
    private const string SlotFormat = "yyyy-MM-dd'T'HH:mm";
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById(DemoData.Clara.TimeZoneId);

    [Fact]
    public async Task A_client_finds_a_time_that_avoids_a_collaborators_busy_calendar_and_creates_the_meeting_then()
    {
        const string title = "Cobalt supply: expert panel";
        var state = App.Services.GetRequiredService<ProviderSandboxState>();
        // The class's tests share one app: each starts from no meetings and no connections.
        await SandboxTestData.ResetAsync(App.Services, state);
        await SandboxTestData.ConnectAsync(App.Services, state, DemoData.Clara.Id, DemoData.Clara.Email, SandboxProvider.Google);
        // Carlos connected his calendar: InsightGig reads his busy times with his own connection.
        await SandboxTestData.ConnectAsync(App.Services, state, DemoData.Carlos.Id, DemoData.Carlos.Email, SandboxProvider.Google);
        await SignInAsync(Page, DemoData.Clara);
        await Page.GotoAsync($"/Projects/{DemoData.NorthwindProjectId}");
        var dialog = await OpenScheduleDialogAsync(Page);
        await Platform(dialog, "Google Meet").CheckAsync();

        // On a project, Find a time waits for collaborators to be ticked.
        var findTime = dialog.GetByRole(AriaRole.Button, new() { Name = "Find a time", Exact = true });
        await Expect(findTime).ToBeDisabledAsync();
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = DemoData.Carlos.FullName }).CheckAsync();
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = DemoData.Erin.FullName }).CheckAsync();
        await Expect(dialog.GetByLabel("Duration")).ToHaveValueAsync("60");
        await findTime.ClickAsync();
        await SearchedAsync(dialog);
        var slots = dialog.Locator("#find-time-slots input[type=radio]");
        await Expect(slots.First).ToBeVisibleAsync();
        var best = await SlotAsync(slots.First);

        // Carlos then puts something private over that hour in his own calendar.
        await SandboxTestData.AddOwnCalendarEventAsync(new Uri(App.SandboxUrl + "/"), state, DemoData.Carlos.Email, "Private: school run",
            best.StartUtc.AddMinutes(-15), best.EndUtc.AddMinutes(15));
        await findTime.ClickAsync();
        await SearchedAsync(dialog);
        await Expect(slots.First).Not.ToHaveAttributeAsync("data-slot-start", best.StartLocal.ToString(SlotFormat, CultureInfo.InvariantCulture));

        var offered = new List<(DateTime StartLocal, DateTimeOffset StartUtc, DateTimeOffset EndUtc)>();
        for (var i = 0; i < await slots.CountAsync(); i++)
        {
            offered.Add(await SlotAsync(slots.Nth(i)));
        }

        Assert.InRange(offered.Count, 1, 10);
        foreach (var (_, startUtc, endUtc) in offered)
        {
            Assert.False(startUtc < best.EndUtc.AddMinutes(15) && endUtc > best.StartUtc.AddMinutes(-15), $"{startUtc:u} overlaps Carlos's busy time");
            Assert.Equal(TimeSpan.FromMinutes(60), endUtc - startUtc);
            AssertWithinWorkingHours(startUtc, endUtc, DemoData.Clara, 8.5, 17.5);
            AssertWithinWorkingHours(startUtc, endUtc, DemoData.Carlos, 9, 18);
            AssertWithinWorkingHours(startUtc, endUtc, DemoData.Erin, 9, 17);
        }

        // Each slot is labelled in Clara's zone with everyone's own time; Erin has no calendar connected, and it says so.
        var firstLabel = await dialog.Locator("label[for='slot-0']").InnerTextAsync();
        Assert.Matches(@"^\w{3} \d{1,2} \w{3} \d{2}:\d{2}–\d{2}:\d{2} · Carlos (\w{3} )?\d{2}:\d{2} New York · Erin (\w{3} )?\d{2}:\d{2} Lagos$", firstLabel);
        await Expect(dialog.Locator("#find-time-notices")).ToContainTextAsync(
            "Erin has not connected a calendar: only their working hours and InsightGig meetings are known.");
        // "Use this time" is for browsers without script only.
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Use this time" })).ToBeHiddenAsync();
        await Axe.AssertNoViolationsAsync(Page, "find a time: slots", Axe.SeriousOrCritical);
        await ScreenshotAsync(Page, "find-time-slots", fullPage: false);

        // Choosing the second slot fills Starting and Ending; the manual fields stay editable.
        var chosen = offered[Math.Min(1, offered.Count - 1)];
        await slots.Nth(Math.Min(1, offered.Count - 1)).CheckAsync();
        await Expect(dialog.GetByLabel("Starting date & time")).ToHaveValueAsync(chosen.StartLocal.ToString(SlotFormat, CultureInfo.InvariantCulture));
        await Expect(dialog.GetByLabel("Ending date & time")).ToHaveValueAsync(chosen.StartLocal.AddHours(1).ToString(SlotFormat, CultureInfo.InvariantCulture));
        await Expect(dialog.GetByLabel("Starting date & time")).ToBeEditableAsync();
        await dialog.GetByLabel("Title").FillAsync(title);
        // Enter in a field still means Create meeting, though Find a time is now the form's first button.
        await dialog.GetByLabel("Title").PressAsync("Enter");

        await Expect(Page.Locator(".schedule__confirmation")).ToContainTextAsync($"Meeting scheduled: “{title}”");
        await using var scope = App.Services.CreateAsyncScope();
        var meeting = await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Meetings.AsNoTracking()
            .SingleAsync(m => m.Title == title, TestContext.Current.CancellationToken);
        Assert.Equal((chosen.StartUtc, chosen.EndUtc), (meeting.StartUtc, meeting.EndUtc));
        AssertNoScriptProblems();
    }

    [Fact]
    public async Task When_nothing_fits_the_dialog_says_why_and_hours_outside_working_time_can_be_included()
    {
        var state = App.Services.GetRequiredService<ProviderSandboxState>();
        await SandboxTestData.ResetAsync(App.Services, state);
        await SandboxTestData.ConnectAsync(App.Services, state, DemoData.Clara.Id, DemoData.Clara.Email, SandboxProvider.Google);
        await SignInAsync(Page, DemoData.Clara);
        await Page.GotoAsync($"/Projects/{DemoData.NorthwindProjectId}");
        var dialog = await OpenScheduleDialogAsync(Page);
        await Platform(dialog, "Google Meet").CheckAsync();
        // Carlos (New York, 09:00–18:00) and Hiro (Tokyo, 10:00–19:00) never share a working hour.
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = DemoData.Carlos.FullName }).CheckAsync();
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = DemoData.Hiro.FullName }).CheckAsync();
        await dialog.GetByLabel("Duration").SelectOptionAsync("30");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Find a time", Exact = true }).ClickAsync();
        await SearchedAsync(dialog);

        await Expect(dialog.Locator("#find-time-nothing")).ToContainTextAsync("No common working hours in the next 14 days");
        await Axe.AssertNoViolationsAsync(Page, "find a time: nothing fits", Axe.SeriousOrCritical);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Include hours outside working time" }).ClickAsync();
        await SearchedAsync(dialog);

        await Expect(dialog.Locator("#find-time-slots legend")).ToContainTextAsync("30 minutes, times in Europe/London, hours outside working time included");
        var first = await SlotAsync(dialog.Locator("#find-time-slots input[type=radio]").First);
        Assert.Equal(TimeSpan.FromMinutes(30), first.EndUtc - first.StartUtc);
        await Expect(dialog.Locator("#find-time-nothing")).ToHaveCountAsync(0);
        AssertNoScriptProblems();
    }

    /// <summary>The search the click started has answered (the script marks the list busy until then).</summary>
    private static async Task SearchedAsync(ILocator dialog) =>
        await Expect(dialog.Locator("#find-time-results")).Not.ToHaveAttributeAsync("aria-busy", "true");

    /// <summary>A slot's radio button: its local start (Clara's zone, as Starting takes it) and its instants.</summary>
    private static async Task<(DateTime StartLocal, DateTimeOffset StartUtc, DateTimeOffset EndUtc)> SlotAsync(ILocator radio)
    {
        static DateTime Parse(string? text) => DateTime.ParseExact(text!, SlotFormat, CultureInfo.InvariantCulture);
        var start = Parse(await radio.GetAttributeAsync("data-slot-start"));
        var end = Parse(await radio.GetAttributeAsync("data-slot-end"));
        return (start, TimeZoneInfo.ConvertTimeToUtc(start, London), TimeZoneInfo.ConvertTimeToUtc(end, London));
    }

    private static void AssertWithinWorkingHours(DateTimeOffset startUtc, DateTimeOffset endUtc, DemoAccount person, double fromHour, double toHour)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(person.TimeZoneId);
        var start = TimeZoneInfo.ConvertTime(startUtc, zone);
        var end = TimeZoneInfo.ConvertTime(endUtc, zone);
        Assert.True(start.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday, $"{start} is a weekend day for {person.FullName}");
        Assert.True(start.Date == end.Date && start.TimeOfDay.TotalHours >= fromHour && end.TimeOfDay.TotalHours <= toHour,
            $"{start:ddd HH:mm}–{end:HH:mm} is outside {person.FullName}'s working hours");
    }
}
