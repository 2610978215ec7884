using System.Globalization;
using InsightGig.Browser.Tests.Infrastructure;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.TestSupport.Sandbox;
using Microsoft.Playwright;
using static InsightGig.Browser.Tests.Infrastructure.Flows;
using static Microsoft.Playwright.Assertions;

namespace InsightGig.Browser.Tests.Meetings;

/// <summary>
/// Tried as a new user would: 01:30–02:30 on the night London falls back became a two-hour meeting (00:30Z–02:30Z). The
/// dialog now refuses the ambiguous start with the choice of its two instants, and the one chosen is what gets scheduled.
/// </summary>
public sealed class RepeatedAutumnHourBrowserTests(ChromiumFixture chromium, LiveAppFixture app)
    : BrowserTest(chromium, app), IClassFixture<LiveAppFixture>
{
    [Fact]
    public async Task A_start_in_the_hour_London_repeats_in_autumn_is_refused_with_its_two_instants_and_the_chosen_one_is_scheduled()
    {
        const string title = "Night-shift logistics: the repeated hour";
        var day = MeetingDates.NextLondonFallBack();
        string At(int hour, int minute) => day.ToDateTime(new TimeOnly(hour, minute)).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        await SignInAsync(Page, DemoData.Clara); // Europe/London
        await LinkFromConnectedAppsAsync(Page, DemoData.Clara, zoom: false, google: true);
        await Page.GotoAsync($"/Experts/{DemoData.Erin.Id}");
        var dialog = await OpenScheduleDialogAsync(Page);
        await Platform(dialog, "Google Meet").CheckAsync();
        await dialog.GetByLabel("Title").FillAsync(title);
        await dialog.GetByLabel("Starting date & time").FillAsync(At(1, 30));
        await dialog.GetByLabel("Ending date & time").FillAsync(At(2, 30));
        await CreateButton(dialog).ClickAsync();

        // Refused, nothing scheduled, the two instants offered; 02:30 happens once, so only the start asks.
        dialog = ScheduleDialog(Page);
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator("#error-Start")).ToHaveTextAsync(
            $"{day:yyyy-MM-dd} 01:30 happens twice in Europe/London: the clocks go back then. " +
            "Choose the first (UTC+01:00, 00:30 UTC) or the second (UTC+00:00, 01:30 UTC).");
        Assert.Empty(await GoogleEventsTitledAsync(title));
        var second = dialog.GetByLabel("The second 01:30 (UTC+00:00, 01:30 UTC)");
        await Expect(dialog.GetByLabel("The first 01:30 (UTC+01:00, 00:30 UTC)")).ToBeVisibleAsync();
        await Expect(second).ToBeVisibleAsync();
        await Expect(dialog.Locator("#Form-EndOffsetMinutes")).ToHaveCountAsync(0);
        await Expect(dialog.GetByLabel("Title")).ToHaveValueAsync(title);
        await ScreenshotAsync(Page, "repeated-autumn-hour-choice", fullPage: false);

        await second.CheckAsync();
        await CreateButton(dialog).ClickAsync();

        // The second 01:30 (GMT): one hour, 01:30–02:30 UTC, at the calendar too.
        await Expect(Page.Locator(".schedule__confirmation")).ToContainTextAsync($"Meeting scheduled: “{title}”");
        var calendarEvent = Assert.Single(await GoogleEventsTitledAsync(title));
        var resource = calendarEvent.GetProperty("resource");
        Assert.Equal(
            (new DateTimeOffset(day.ToDateTime(new TimeOnly(1, 30)), TimeSpan.Zero), new DateTimeOffset(day.ToDateTime(new TimeOnly(2, 30)), TimeSpan.Zero)),
            (DateTimeOffset.Parse(resource.GetProperty("start").GetProperty("dateTime").GetString()!, CultureInfo.InvariantCulture).ToUniversalTime(),
             DateTimeOffset.Parse(resource.GetProperty("end").GetProperty("dateTime").GetString()!, CultureInfo.InvariantCulture).ToUniversalTime()));
        AssertNoScriptProblems();
    }

    private async Task<List<System.Text.Json.JsonElement>> GoogleEventsTitledAsync(string title)
    {
        var state = await App.GetSandboxStateAsync();
        return [.. state.GetProperty("google").GetProperty("calendars").EnumerateArray()
            .SelectMany(c => c.GetProperty("events").EnumerateArray())
            .Where(e => e.GetProperty("summary").GetString() == title)];
    }
}
