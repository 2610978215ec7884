using System.Globalization;
using System.Net;
using System.Text.Json;
using InsightGig.Browser.Tests.Infrastructure;
using InsightGig.Infrastructure.Persistence.Seeding;
using Microsoft.Playwright;
using MimeKit;
using static InsightGig.Browser.Tests.Infrastructure.Flows;
using static Microsoft.Playwright.Assertions;

namespace InsightGig.Browser.Tests;

/// <summary>
/// InsightGig's own emails from a meeting made in the browser, through a real SMTP server over TCP: one reminder to each
/// person, in their own zone, with the join link and the calendar event's .ics; the Profile page's reminder choices; and
/// axe on the pages the emails brought (Profile, the admins' list, the Development mail page), held to every impact.
/// </summary>
public sealed class ReminderMailTests(ChromiumFixture chromium, MailingAppFixture app)
    : BrowserTest(chromium, app), IClassFixture<MailingAppFixture>
{
    private static readonly string ProjectPage = $"/Projects/{DemoData.NorthwindProjectId}";

    private MailingAppFixture Mailing { get; } = app;

    [Fact]
    public async Task A_meeting_made_in_the_browser_reminds_each_participant_once_in_their_zone_with_the_join_link_and_the_events_ics()
    {
        var ct = TestContext.Current.CancellationToken;
        const string title = "Lithium offtake: reminder check";
        var organizer = DemoData.Clara;
        var collaborator = DemoData.Erin;
        await SignInAsync(Page, organizer);
        await LinkFromConnectedAppsAsync(Page, organizer, zoom: false, google: true);

        // The one-minute reminder falls 20 to 80 seconds from now: far enough that the meeting exists before it is due
        // (the form only takes whole minutes), near enough to wait for. The day-before one is already past: none is made.
        var startUtc = NextWholeMinute(DateTimeOffset.UtcNow.AddMinutes(1).AddSeconds(20));
        var endUtc = startUtc.AddMinutes(30);
        await Page.GotoAsync(ProjectPage);
        var dialog = await OpenScheduleDialogAsync(Page);
        await Platform(dialog, "Google Meet").CheckAsync();
        await dialog.GetByLabel("Title").FillAsync(title);
        await dialog.GetByLabel("Starting date & time").FillAsync(WallClock(startUtc, organizer.TimeZoneId));
        await dialog.GetByLabel("Ending date & time").FillAsync(WallClock(endUtc, organizer.TimeZoneId));
        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = collaborator.FullName }).CheckAsync();
        await CreateButton(dialog).ClickAsync();
        var confirmation = Page.Locator(".schedule__confirmation");
        await Expect(confirmation).ToContainTextAsync($"Meeting scheduled: “{title}”");
        var joinUrl = await confirmation.Locator("a[target=_blank]").GetAttributeAsync("href");
        Assert.NotNull(joinUrl);

        var due = startUtc.AddMinutes(-1);
        Assert.True(DateTimeOffset.UtcNow < due, "The meeting was made after its reminder was due; the test cannot tell a missing reminder from a late one.");
        // Due plus the job scheduler's polling (seconds) and the minute sweep behind it.
        try
        {
            await Mailing.Smtp.WaitForAsync(m => m.Count(IsReminderOf(title)) >= 2, due - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(75), ct);
        }
        catch (TimeoutException missing)
        {
            // What the outbox says (status, tries, the last problem) is the first thing to read when no mail came.
            throw new TimeoutException($"{missing.Message}{Environment.NewLine}The outbox, as admins see it: {await OutboxAsSeenByAnAdminAsync()}", missing);
        }

        await Task.Delay(TimeSpan.FromSeconds(3), ct); // a second copy would be here by now

        var reminders = Mailing.Smtp.Deliveries.Where(d => IsReminderOf(title)(d.Message)).ToList();
        Assert.Equal([organizer.Email, collaborator.Email], reminders.Select(d => To(d.Message)).Order(StringComparer.Ordinal));
        Assert.All(reminders, d => Assert.True(d.At >= due.AddSeconds(-1), $"Sent at {d.At:O}, before it was due at {due:O}."));
        var calendarEvent = Assert.Single(GoogleEvents(await App.GetSandboxStateAsync()), e => e.GetProperty("summary").GetString() == title);
        var iCalUid = calendarEvent.GetProperty("resource").GetProperty("iCalUID").GetString();
        Assert.False(string.IsNullOrEmpty(iCalUid));
        foreach (var person in new[] { organizer, collaborator })
        {
            var mail = Assert.Single(reminders, d => To(d.Message) == person.Email).Message;
            var when = Describe(startUtc, endUtc, person.TimeZoneId);
            Assert.Contains($"({person.TimeZoneId})", mail.Subject, StringComparison.Ordinal);
            Assert.Contains(when, mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(WebUtility.HtmlEncode(when), mail.HtmlBody, StringComparison.Ordinal);
            Assert.Contains(joinUrl, mail.TextBody, StringComparison.Ordinal);
            Assert.Contains($"href=\"{WebUtility.HtmlEncode(joinUrl)}\"", mail.HtmlBody, StringComparison.Ordinal);
            var ics = await AttachedFileAsync(mail, ct);
            Assert.Contains($"\r\nUID:{iCalUid}\r\n", ics, StringComparison.Ordinal);
        }

        // The admins' list and the Development mail page now have rows and mails to show: both held to every axe impact.
        var admin = await NewPageAsync();
        await SignInAsync(admin, DemoData.Admin);
        await admin.GotoAsync("/Admin/Notifications");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Email notifications" })).ToBeVisibleAsync();
        await Expect(admin.Locator("#notifications tbody tr", new() { HasText = collaborator.Email })).ToContainTextAsync("Sent");
        await Axe.AssertNoViolationsAsync(admin, "/Admin/Notifications");

        await Page.GotoAsync("/dev/mail");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Caught mail" })).ToBeVisibleAsync();
        // The mails left the machine: the page says where to, not that they stopped here.
        await Expect(Page.Locator("#mail-destination")).ToContainTextAsync($"went to the mail server at 127.0.0.1:{Mailing.Smtp.Port}");
        await Expect(Page.Locator("article.mail", new() { HasText = collaborator.Email })).ToContainTextAsync($"Reminder: {title}");
        await Axe.AssertNoViolationsAsync(Page, "/dev/mail");
        AssertNoScriptProblems();
    }

    [Fact]
    public async Task A_reminder_turned_off_on_Profile_stays_off_and_the_other_stays_on()
    {
        // Gina takes no part in the other test's meeting: her choice cannot change what it expects.
        await SignInAsync(Page, DemoData.Gina);
        await Page.GotoAsync("/Account/Profile");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Profile" })).ToBeVisibleAsync();
        var reminders = Page.GetByRole(AriaRole.Region, new() { Name = "Email reminders" });
        var dayBefore = reminders.GetByRole(AriaRole.Checkbox, new() { Name = "1 day before" });
        var minuteBefore = reminders.GetByRole(AriaRole.Checkbox, new() { Name = "1 minute before" });
        await Expect(dayBefore).ToBeCheckedAsync();
        await Expect(minuteBefore).ToBeCheckedAsync();
        await Axe.AssertNoViolationsAsync(Page, "/Account/Profile");

        await minuteBefore.UncheckAsync();
        await reminders.GetByRole(AriaRole.Button, new() { Name = "Save reminders" }).ClickAsync();
        await Expect(Page.GetByText("Your reminder settings are saved.")).ToBeVisibleAsync();
        await Axe.AssertNoViolationsAsync(Page, "/Account/Profile, saved");

        // Kept: a fresh load (not the form as posted) shows the choice.
        await Page.GotoAsync("/Account/Profile");
        await Expect(minuteBefore).Not.ToBeCheckedAsync();
        await Expect(dayBefore).ToBeCheckedAsync();
        AssertNoScriptProblems();
    }

    private async Task<string> OutboxAsSeenByAnAdminAsync()
    {
        var admin = await NewPageAsync();
        await SignInAsync(admin, DemoData.Admin);
        await admin.GotoAsync("/Admin/Notifications");
        return await admin.Locator("main").InnerTextAsync();
    }

    private static Func<MimeMessage, bool> IsReminderOf(string title) =>
        message => message.Subject?.StartsWith($"Reminder: {title}", StringComparison.Ordinal) == true;

    /// <summary>The attached file's bytes as the recipient's mail program saves them (transfer encoding undone, nothing else).</summary>
    private static async Task<string> AttachedFileAsync(MimeMessage message, CancellationToken ct)
    {
        var part = Assert.IsType<MimePart>(Assert.Single(message.Attachments), exactMatch: false);
        using var file = new MemoryStream();
        Assert.NotNull(part.Content);
        await part.Content.DecodeToAsync(file, ct);
        var text = System.Text.Encoding.UTF8.GetString(file.ToArray());
        TestContext.Current.TestOutputHelper?.WriteLine($"{part.FileName} ({part.ContentTransferEncoding}):{Environment.NewLine}{text}");
        return text;
    }

    private static string To(MimeMessage message) => message.To.Mailboxes.Single().Address;

    private static IEnumerable<JsonElement> GoogleEvents(JsonElement state) =>
        state.GetProperty("google").GetProperty("calendars").EnumerateArray().SelectMany(c => c.GetProperty("events").EnumerateArray());

    private static DateTimeOffset NextWholeMinute(DateTimeOffset instant)
    {
        var floor = new DateTimeOffset(instant.Year, instant.Month, instant.Day, instant.Hour, instant.Minute, 0, instant.Offset);
        return floor == instant ? floor : floor.AddMinutes(1);
    }

    /// <summary>The datetime-local value a person in <paramref name="timeZoneId"/> types for this instant.</summary>
    private static string WallClock(DateTimeOffset instant, string timeZoneId) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(timeZoneId)).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The meeting's times as a person in that zone reads them in the mail: "Mon 7 Dec 2026, 03:00 – 03:30 (Africa/Lagos)".</summary>
    private static string Describe(DateTimeOffset startUtc, DateTimeOffset endUtc, string timeZoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var start = TimeZoneInfo.ConvertTime(startUtc, zone);
        var end = TimeZoneInfo.ConvertTime(endUtc, zone);
        var endFormat = start.Date == end.Date ? "HH:mm" : "ddd d MMM yyyy, HH:mm";
        return string.Create(CultureInfo.InvariantCulture, $"{start:ddd d MMM yyyy, HH:mm} – {end.ToString(endFormat, CultureInfo.InvariantCulture)} ({timeZoneId})");
    }
}
