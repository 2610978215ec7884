using InsightGig.Browser.Tests.Infrastructure;
using InsightGig.Infrastructure.Persistence.Seeding;
using Microsoft.Playwright;
using static InsightGig.Browser.Tests.Infrastructure.Flows;
using static Microsoft.Playwright.Assertions;

namespace InsightGig.Browser.Tests;

/// <summary>The dialog and the whole scheduling flow with the keyboard alone: Tab, Space, Enter, Escape and typing.</summary>
public sealed class KeyboardTests(ChromiumFixture chromium, LiveAppFixture app)
    : BrowserTest(chromium, app), IClassFixture<LiveAppFixture>
{
    [Fact]
    public async Task A_linked_user_schedules_a_Zoom_meeting_without_the_mouse()
    {
        const string title = "Keyboard-only check-in";
        var expert = DemoData.Sofia;
        // Set-up (not under test here): Zoom and Google already linked.
        await SignInAsync(Page, DemoData.Clara);
        await LinkFromConnectedAppsAsync(Page, DemoData.Clara, zoom: true, google: true);
        await Page.GotoAsync($"/Experts/{expert.Id}");
        var dialog = ScheduleDialog(Page);

        // Tab to the button, Enter opens the dialog and focus moves into it.
        await TabToAsync(Page, "[data-dialog-open='schedule-dialog']");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(dialog).ToBeVisibleAsync();
        Assert.True(await FocusIsInsideDialogAsync(Page), "Focus should move into the dialog when it opens.");

        // Escape closes it and gives focus back to the button.
        await Page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();
        Assert.True(await IsFocusedAsync(Page, "[data-dialog-open='schedule-dialog']"), "Focus should return to Schedule a meeting.");

        // Again, and this time all the way.
        await Page.Keyboard.PressAsync("Enter");
        await Expect(dialog).ToBeVisibleAsync();
        Assert.True(await FocusIsInsideDialogAsync(Page), "Focus should move into the dialog when it opens.");
        await TabToAsync(Page, "#platform-zoom");
        await Page.Keyboard.PressAsync("Space");
        await Expect(Platform(dialog, "Zoom")).ToBeCheckedAsync();

        await TabToAsync(Page, "#Form_Title");
        await Page.Keyboard.TypeAsync(title);
        await TabToAsync(Page, "#Form_Description");
        await Page.Keyboard.TypeAsync("Typed, not clicked.");
        var day = DateTime.Today.AddDays(12);
        await TabToAsync(Page, "#Form_Start");
        await TypeDateTimeAsync(Page, day.AddHours(9));
        await TabToAsync(Page, "#Form_End");
        await TypeDateTimeAsync(Page, day.AddHours(9).AddMinutes(30));
        await Expect(dialog.GetByLabel("Starting date & time")).ToHaveValueAsync(day.AddHours(9).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await Expect(dialog.GetByLabel("Ending date & time")).ToHaveValueAsync(day.AddHours(9).AddMinutes(30).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));

        await TabToAsync(Page, "#create-meeting");
        await Page.Keyboard.PressAsync("Enter");

        var confirmation = Page.Locator(".schedule__confirmation");
        await Expect(confirmation).ToContainTextAsync($"Meeting scheduled: “{title}”");
        await Expect(confirmation).ToContainTextAsync(expert.FullName);
        AssertNoScriptProblems();
    }

    /// <summary>Presses Tab until the element matching <paramref name="selector"/> has focus (a bounded number of times).</summary>
    private static async Task TabToAsync(IPage page, string selector, int maxPresses = 40)
    {
        for (var presses = 0; presses <= maxPresses; presses++)
        {
            if (await IsFocusedAsync(page, selector))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        var focused = await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 200) ?? 'nothing'");
        Assert.Fail($"Tab never reached {selector} in {maxPresses} presses; focus is on {focused}.");
    }

    private static Task<bool> IsFocusedAsync(IPage page, string selector) =>
        page.EvaluateAsync<bool>("s => document.activeElement !== null && document.activeElement.matches(s)", selector);

    private static Task<bool> FocusIsInsideDialogAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.activeElement?.closest('dialog#schedule-dialog[open]') != null");

    /// <summary>
    /// Types a date and time into the focused datetime-local input as a person does. Debian's headless Chromium shows the
    /// en-US layout (mm/dd/yyyy, hh:mm AM/PM; the contexts use that locale too): month and day move on by themselves, the
    /// year takes up to six digits so Tab moves on to the hours, then hours, minutes and A or P.
    /// </summary>
    private static async Task TypeDateTimeAsync(IPage page, DateTime value)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        await page.Keyboard.TypeAsync(value.ToString("MMddyyyy", culture));
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(value.ToString("hhmm", culture) + (value.Hour < 12 ? "A" : "P"));
    }
}
