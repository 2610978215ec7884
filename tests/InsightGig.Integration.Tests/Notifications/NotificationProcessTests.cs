using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using InsightGig.Domain.Notifications;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.Integration.Tests.Scheduling;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport.Processes;
using InsightGig.TestSupport.Notifications;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace InsightGig.Integration.Tests.Notifications;

/// <summary>
/// The outbox in the real app (a child process on PostgreSQL, Hangfire running, the sandbox on loopback) sending to a real
/// SMTP server over TCP: the issue's "done when" (a reminder within a minute of its offset, one "Reconnect Zoom" after the
/// grant is revoked), and a process killed between the commit and the send (the mail still goes, once).
/// </summary>
public sealed class NotificationProcessTests(PostgreSqlSandboxFixture fixture) : IClassFixture<PostgreSqlSandboxFixture>
{
    private static readonly DemoAccount Clara = DemoData.Clara;

    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById(Clara.TimeZoneId);

    [Fact(Timeout = 420_000)]
    public async Task A_meeting_four_minutes_ahead_with_a_two_minute_offset_reminds_everyone_once_on_time_and_a_revoked_grant_mails_one_reconnect_alert()
    {
        var ct = TestContext.Current.CancellationToken;
        await fixture.ResetAsync();
        await fixture.ConnectAsync(Clara, SandboxProvider.Zoom, SandboxProvider.Google);
        await using var smtp = SmtpTestServer.Start();
        var log = Path.Combine(Path.GetTempPath(), $"insightgig-notify-{Guid.NewGuid():N}.log");
        var settings = AppSettings(smtp);
        settings["Notifications:ReminderOffsetsMinutes"] = "2";
        await using var app = await AppProcess.StartAsync(settings, log, ct);
        await app.SignInAsync(Clara.Email, DemoData.Password, ct);

        // Four to five minutes ahead, on the minute (the form takes minutes).
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(5);
        var token = await app.FormTokenAsync($"/Projects/{DemoData.NorthwindProjectId}", ct);
        using (var scheduled = await app.PostFormAsync($"/Projects/{DemoData.NorthwindProjectId}?handler=Schedule", token,
        [
            new("Form.IdempotencyKey", Guid.NewGuid().ToString()),
            new("Form.Platform", "zoom"),
            new("Form.Title", "Reminder check"),
            new("Form.Start", Local(start)),
            new("Form.End", Local(start.AddMinutes(30))),
            new("Form.Participants", DemoData.Erin.Id.ToString()),
        ], ct))
        {
            Assert.True(scheduled.StatusCode == HttpStatusCode.Redirect, $"Scheduling answered {(int)scheduled.StatusCode}; see {log}.");
        }

        var due = start.AddMinutes(-2);
        await smtp.WaitForAsync(m => m.Count(IsReminder) >= 2, due - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(90), ct);
        await Task.Delay(TimeSpan.FromSeconds(5), ct); // a second copy would arrive by now

        var reminders = smtp.Deliveries.Where(d => IsReminder(d.Message)).ToList();
        Assert.Equal([Clara.Email, DemoData.Erin.Email], reminders.Select(d => To(d.Message)).Order(StringComparer.Ordinal));
        Assert.All(reminders, d => Assert.InRange(d.At, due.AddSeconds(-1), due.AddMinutes(1)));
        var calendarEvent = Assert.Single(fixture.State.GetCalendarEvents(Clara.Email));
        Assert.All(reminders, d => Assert.Contains($"UID:{calendarEvent.Resource["iCalUID"]!.GetValue<string>()}", IcsOf(d.Message), StringComparison.Ordinal));

        // The organizer removes the app in "Zoom": the signed webhook disconnects her, and she gets one alert.
        using var sandbox = new HttpClient { BaseAddress = fixture.Sandbox.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using (var revoked = await sandbox.PostAsJsonAsync("_sandbox/zoom/deauthorize",
            new { email = Clara.Email, webhookUrl = new Uri(app.Client.BaseAddress!, "webhooks/zoom").AbsoluteUri, secretToken = settings["Providers:Zoom:WebhookSecretToken"] }, ct))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        }

        await smtp.WaitForAsync(m => m.Any(IsReconnectAlert), TimeSpan.FromSeconds(60), ct);
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var alert = Assert.Single(smtp.Messages, IsReconnectAlert);
        Assert.Equal(Clara.Email, To(alert));
        Assert.Equal(3, smtp.Messages.Count);
        File.Delete(log);
    }

    [Fact(Timeout = 300_000)]
    public async Task A_process_killed_between_the_commit_and_the_send_still_sends_the_mail_once_after_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        await fixture.ResetAsync();
        await fixture.ConnectAsync(Clara, SandboxProvider.Zoom);
        await using var smtp = SmtpTestServer.Start();
        var log = Path.Combine(Path.GetTempPath(), $"insightgig-notify-crash-{Guid.NewGuid():N}.log");
        var settings = AppSettings(smtp);
        // The restarted app may take over the dead worker's send after this long (the default is minutes).
        settings["Notifications:SendLease"] = "00:00:05";

        await using (var app = await AppProcess.StartAsync(settings, log, ct))
        {
            // The mail server keeps the first conversation waiting before the message: the app has committed the alert and
            // is sending it when it dies.
            smtp.HoldNextSender();
            using var sandbox = new HttpClient { BaseAddress = fixture.Sandbox.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            using (var revoked = await sandbox.PostAsJsonAsync("_sandbox/zoom/deauthorize",
                new { email = Clara.Email, webhookUrl = new Uri(app.Client.BaseAddress!, "webhooks/zoom").AbsoluteUri, secretToken = settings["Providers:Zoom:WebhookSecretToken"] }, ct))
            {
                Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
            }

            await smtp.WaitUntilHeldAsync(ct).WaitAsync(TimeSpan.FromSeconds(90), ct);
            await app.KillAsync();
            smtp.Release();
        }

        var claimed = Assert.Single(await OutboxAsync(ct));
        Assert.Equal((NotificationStatus.Pending, 1), (claimed.Status, claimed.Attempts));
        Assert.Empty(smtp.Messages);

        // A new process sends it (its send sweep runs every minute), once, with the notification's own Message-ID.
        await using var restarted = await AppProcess.StartAsync(settings, log, ct);
        await smtp.WaitForAsync(m => m.Count > 0, TimeSpan.FromSeconds(150), ct);
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var mail = Assert.Single(smtp.Messages);
        Assert.True(IsReconnectAlert(mail), mail.Subject);
        Assert.Equal($"{claimed.Id:N}@notifications.insightgig", mail.MessageId);
        var sent = Assert.Single(await OutboxAsync(ct));
        Assert.Equal((NotificationStatus.Sent, 2), (sent.Status, sent.Attempts));
        File.Delete(log);
    }

    private Dictionary<string, string?> AppSettings(SmtpTestServer smtp)
    {
        var settings = fixture.AppProcessSettings();
        // The app's own Hangfire server sends the outbox here (the sandbox settings turn background jobs off).
        settings["Jobs:RunServer"] = "true";
        foreach (var (key, value) in smtp.Settings())
        {
            settings[key] = value;
        }

        return settings;
    }

    private Task<List<Notification>> OutboxAsync(CancellationToken ct) =>
        fixture.App.WithDbContextAsync(db => db.Notifications.AsNoTracking().ToListAsync(ct));

    private static bool IsReminder(MimeMessage message) => message.Subject?.StartsWith("Reminder: Reminder check", StringComparison.Ordinal) == true;

    private static bool IsReconnectAlert(MimeMessage message) => message.Subject?.StartsWith("Reconnect Zoom", StringComparison.Ordinal) == true;

    private static string To(MimeMessage message) => message.To.Mailboxes.Single().Address;

    private static string IcsOf(MimeMessage message) => Assert.IsAssignableFrom<TextPart>(Assert.Single(message.Attachments)).Text;

    private static string Local(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, London).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
}
