using InsightGig.Application.Notifications.ListDueNotifications;
using InsightGig.Application.Notifications.PlanReminders;
using InsightGig.Application.Notifications.SendNotification;
using InsightGig.Application.Tests.Meetings;
using InsightGig.Domain.Notifications;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace InsightGig.Application.Tests.Notifications;

/// <summary>
/// The meetings app (sandboxed providers, SQLite) sending its emails through a real SMTP server on loopback, on a fake clock
/// the tests move to each reminder's due time; the tests run the send job's steps themselves.
/// </summary>
public class NotificationsAppFixture : MeetingsAppFixture
{
    public const string PublicBaseUrl = "https://insightgig.test/";

    public SmtpTestServer Smtp { get; } = SmtpTestServer.Start();

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void Configure(Dictionary<string, string?> settings)
    {
        foreach (var (key, value) in Smtp.Settings())
        {
            settings[key] = value;
        }

        settings["App:PublicBaseUrl"] = PublicBaseUrl;
        settings["Notifications:ReminderOffsetsMinutes"] = "1440,15";
        settings["Notifications:ReminderPlanningHorizon"] = "00:01:00"; // the tests' edges are a minute away
    }

    protected override void Configure(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    /// <summary>
    /// What a send pass does: the reminders coming due planned (looking back over every meeting not started, as a process's
    /// first pass does), then every due notification, each sent once through the mail server. Answers how many went.
    /// </summary>
    public async Task<int> SendDueAsync()
    {
        await PlanRemindersAsync();
        var due = await SendAsync(new ListDueNotificationsQuery(), TestCurrentUser.Anonymous);
        var sent = 0;
        foreach (var id in due)
        {
            sent += (await SendAsync(new SendNotificationCommand(id), TestCurrentUser.Anonymous)).Sent ? 1 : 0;
        }

        return sent;
    }

    /// <summary>The send loop's planning step alone, from <paramref name="dueAfterUtc"/> (null: every meeting not started).</summary>
    public Task<PlanRemindersOutcome> PlanRemindersAsync(DateTimeOffset? dueAfterUtc = null, int take = PlanRemindersCommand.DefaultTake) =>
        SendAsync(new PlanRemindersCommand(dueAfterUtc, take), TestCurrentUser.Anonymous);

    public Task<List<Notification>> OutboxAsync() =>
        WithDbContextAsync(db => db.Notifications.AsNoTracking().OrderBy(n => n.DueAtUtc).ThenBy(n => n.Key).ToListAsync(Ct));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
