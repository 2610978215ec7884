using System.Globalization;
using System.Text.RegularExpressions;
using InsightGig.Infrastructure.Persistence.Seeding;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InsightGig.Browser.Tests.Infrastructure;

/// <summary>What a person does in the browser, step by step, through the real pages (the app's and the sandbox's).</summary>
public static class Flows
{
    /// <summary>Signs in through the login form and waits for the home page.</summary>
    public static async Task SignInAsync(IPage page, DemoAccount account)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(account);
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(account.Email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Welcome, {account.FullName}" })).ToBeVisibleAsync();
    }

    /// <summary>The schedule dialog of the current page.</summary>
    public static ILocator ScheduleDialog(IPage page) => page.Locator("dialog#schedule-dialog");

    /// <summary>Clicks "Schedule a meeting" and waits for the modal dialog.</summary>
    public static async Task<ILocator> OpenScheduleDialogAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await ScheduleButton(page).ClickAsync();
        var dialog = ScheduleDialog(page);
        await Expect(dialog).ToBeVisibleAsync();
        return dialog;
    }

    public static ILocator ScheduleButton(IPage page) =>
        page.GetByRole(AriaRole.Button, new() { Name = "Schedule a meeting", Exact = true });

    public static ILocator Platform(ILocator dialog, string name) =>
        dialog.GetByRole(AriaRole.Radio, new() { Name = name });

    /// <summary>The accounts panel of a platform (only the chosen platform's panel is shown).</summary>
    public static ILocator PlatformPanel(ILocator dialog, string name) =>
        dialog.GetByRole(AriaRole.Region, new() { Name = $"{name} accounts", Exact = true });

    public static ILocator CreateButton(ILocator dialog) =>
        dialog.GetByRole(AriaRole.Button, new() { Name = "Create meeting", Exact = true });

    /// <summary>On the sandbox's Zoom sign-in page: picks the account with this email, then allows InsightGig on the consent page.</summary>
    public static async Task SignInToZoomAndAllowAsync(IPage page, string email)
    {
        ArgumentNullException.ThrowIfNull(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Zoom" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = email }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "would like to access your Zoom account" })).ToBeVisibleAsync();
        await Expect(page.GetByText(email)).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow", Exact = true }).ClickAsync();
    }

    /// <summary>On the sandbox's Google account chooser: picks the account with this email, then Continue on the consent page.</summary>
    public static async Task ChooseGoogleAccountAndContinueAsync(IPage page, string email)
    {
        ArgumentNullException.ThrowIfNull(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Choose an account" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = email }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "wants access to your Google Account" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
    }

    /// <summary>Links Zoom and/or Google from Connected apps (set-up for tests about scheduling, not about linking).</summary>
    public static async Task LinkFromConnectedAppsAsync(IPage page, DemoAccount account, bool zoom, bool google)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(account);
        if (zoom)
        {
            await page.GotoAsync("/Account/ConnectedApps");
            await page.GetByRole(AriaRole.Button, new() { Name = "Connect Zoom", Exact = true }).ClickAsync();
            await SignInToZoomAndAllowAsync(page, account.Email);
            await Expect(page.Locator("#connection-zoom .status")).ToHaveTextAsync("Connected");
        }

        if (google)
        {
            await page.GotoAsync("/Account/ConnectedApps");
            await page.GetByRole(AriaRole.Button, new() { Name = "Connect Calendar", Exact = true }).ClickAsync();
            await ChooseGoogleAccountAndContinueAsync(page, account.Email);
            await Expect(page.Locator("#connection-google .status")).ToHaveTextAsync("Connected");
        }
    }

    /// <summary>
    /// Schedules a Zoom call with <paramref name="expert"/> from their profile in the dialog (wall-clock times as
    /// <see cref="LocalDateTime"/> gives them) and opens its meeting page from the confirmation.
    /// </summary>
    public static async Task ScheduleZoomCallFromProfileAsync(IPage page, DemoAccount expert, string title, string start, string end)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(expert);
        await page.GotoAsync($"/Experts/{expert.Id}");
        var dialog = await OpenScheduleDialogAsync(page);
        await Platform(dialog, "Zoom").CheckAsync();
        await dialog.GetByLabel("Title").FillAsync(title);
        await dialog.GetByLabel("Starting date & time").FillAsync(start);
        await dialog.GetByLabel("Ending date & time").FillAsync(end);
        await CreateButton(dialog).ClickAsync();
        await page.Locator(".schedule__confirmation").GetByRole(AriaRole.Link, new() { Name = "View or change the meeting" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>A datetime-local value some days ahead at the given local time, e.g. <c>2026-03-09T10:00</c>.</summary>
    public static string LocalDateTime(int daysAhead, int hour, int minute = 0) =>
        DateTime.Today.AddDays(daysAhead).AddHours(hour).AddMinutes(minute).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A URL pattern for Playwright's URL expectations.</summary>
    public static Regex UrlEndingWith(string pathAndQuery) => new(Regex.Escape(pathAndQuery) + "(#.*)?$");
}
