using Ical.Net;
using InsightGig.Application.Integrations.DeauthorizeAccount;
using InsightGig.Application.Meetings.CancelMeeting;
using InsightGig.Application.Meetings.RescheduleMeeting;
using InsightGig.Application.Meetings.ScheduleMeeting;
using InsightGig.Application.Notifications.ListNotifications;
using InsightGig.Application.Notifications.SaveReminderPreferences;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using InsightGig.Domain.Notifications;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace InsightGig.Application.Tests.Notifications;

/// <summary>
/// InsightGig's own emails end to end: the outbox rows the use cases write with their change, and the mails a real SMTP
/// server receives when the fake clock reaches them (recipients, subject, times in each recipient's zone, the join link, the
/// meeting page, the .ics with the calendar event's UID), across reschedule, cancel, a refused address and a lost grant.
/// </summary>
public sealed class NotificationTests(NotificationsAppFixture fixture) : IClassFixture<NotificationsAppFixture>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        fixture.Smtp.Clear();
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>A day some way after the fake clock's now, in winter (London on UTC, New York 5 hours behind, Lagos 1 ahead).</summary>
    private DateOnly AFewDaysAhead(int days) => DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime).AddDays(days);

    private async Task<ScheduledMeeting> ZoomCallAsync(DateTime start, DateTime end, string title = "Battery sourcing call") =>
        await fixture.ScheduleAsync(new ScheduleMeetingCommand(Guid.NewGuid(), MeetingContextKind.Project, DemoData.NorthwindProjectId, "zoom", title,
            "Agenda: prices, volumes", start, end, [DemoData.Carlos.Id, DemoData.Erin.Id]), TestCurrentUser.Clara);

    [Fact]
    public async Task A_scheduled_meeting_mails_each_person_one_reminder_per_offset_with_their_own_zone_the_links_and_the_events_ics()
    {
        var day = AFewDaysAhead(3);
        var meeting = await ZoomCallAsync(day.At(15), day.At(15, 45));
        var start = day.UtcAt(15);

        // Nothing written with the meeting: its reminders are days away, beyond the planning horizon.
        Assert.Empty(await fixture.OutboxAsync());
        Assert.Equal(0, await fixture.SendDueAsync()); // nothing is due yet, nor planned

        // Near the day-before time the planning step writes organizer's and both participants' reminders for that offset.
        fixture.Clock.SetUtcNow(start - Day - TimeSpan.FromSeconds(30));
        Assert.Equal((1, 3, true), await PlanAsync());
        var outbox = await fixture.OutboxAsync();
        Assert.All(outbox, n => Assert.Equal(("reminder", NotificationStatus.Pending, meeting.Id, 1440), (n.Kind, n.Status, n.AboutId, n.OffsetMinutes!.Value)));
        Assert.Equal([start - Day, start - Day, start - Day], outbox.Select(n => n.DueAtUtc));

        fixture.Clock.SetUtcNow(start - Day + TimeSpan.FromSeconds(1));
        Assert.Equal(3, await fixture.SendDueAsync());

        var mails = fixture.Smtp.Messages;
        Assert.Equal(
            [DemoData.Carlos.Email, DemoData.Clara.Email, DemoData.Erin.Email],
            mails.Select(m => Assert.Single(m.To.Mailboxes).Address).Order(StringComparer.Ordinal));
        var zoom = Assert.Single(fixture.State.GetZoomMeetings());
        var calendarEvent = Assert.Single(fixture.State.GetCalendarEvents(DemoData.Clara.Email));
        foreach (var (person, localTime) in new[] { (DemoData.Clara, "15:00 – 15:45 (Europe/London)"), (DemoData.Carlos, "10:00 – 10:45 (America/New_York)"), (DemoData.Erin, "16:00 – 16:45 (Africa/Lagos)") })
        {
            var mail = Assert.Single(mails, m => m.To.Mailboxes.Single().Address == person.Email);
            Assert.StartsWith("Reminder: Battery sourcing call", mail.Subject, StringComparison.Ordinal);
            Assert.Contains(localTime[..5], mail.Subject, StringComparison.Ordinal);
            Assert.Contains(localTime, mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(zoom.JoinUrl, mail.TextBody, StringComparison.Ordinal);
            Assert.Contains($"{NotificationsAppFixture.PublicBaseUrl}meetings/{meeting.Id}", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(localTime), mail.HtmlBody, StringComparison.Ordinal);
            Assert.Contains($"href=\"{NotificationsAppFixture.PublicBaseUrl}meetings/{meeting.Id}\"", mail.HtmlBody, StringComparison.Ordinal);
            Assert.Equal("no-reply@insightgig.test", Assert.Single(mail.From.Mailboxes).Address);

            // The attached .ics is the calendar event itself: same UID as the sandbox's iCalUID, so importing it adds no copy.
            var ics = Assert.IsAssignableFrom<MimePart>(Assert.Single(mail.Attachments));
            Assert.Equal("text/calendar", ics.ContentType.MimeType);
            using var content = new MemoryStream();
            await ics.Content!.DecodeToAsync(content, Ct);
            var calendar = Calendar.Load(System.Text.Encoding.UTF8.GetString(content.ToArray()))!;
            Assert.Equal("PUBLISH", calendar.Method);
            Assert.Equal(calendarEvent.Resource["iCalUID"]!.GetValue<string>(), Assert.Single(calendar.Events).Uid);
            // Each recipient's own invite: the organizer's lists everyone; with the guest list hidden (an expert is
            // invited) a guest's lists only them, and an expert never gets another participant's address.
            Assert.Equal(
                person == DemoData.Clara ? [DemoData.Carlos.Email, DemoData.Erin.Email] : [person.Email],
                calendar.Events.Single().Attendees.Select(a => a.Value!.ToString()["mailto:".Length..]).Order(StringComparer.Ordinal));
        }

        // Each mail's Message-ID is its outbox row's, and nothing goes twice.
        var sentRows = (await fixture.OutboxAsync()).Where(n => n.Status == NotificationStatus.Sent).ToList();
        Assert.Equal(sentRows.Select(n => $"{n.Id:N}@notifications.insightgig").Order(), mails.Select(m => m.MessageId).Order());
        Assert.All(sentRows, n => Assert.Equal(1440, n.OffsetMinutes));
        Assert.Equal(0, await fixture.SendDueAsync());
        Assert.Equal(3, fixture.Smtp.Messages.Count);
    }

    [Fact]
    public async Task Reminders_move_with_the_meeting_none_is_made_for_an_offset_already_past_and_none_goes_after_a_cancellation()
    {
        var day = AFewDaysAhead(10);
        var meeting = await ZoomCallAsync(day.At(9), day.At(10));
        Assert.True((await fixture.SendAsync(new RescheduleMeetingCommand(meeting.Id, 0, day.At(11), day.At(12)), TestCurrentUser.Clara)).IsSuccess);
        Assert.Empty(await fixture.OutboxAsync()); // days away: planned near their time, from the meeting as it is then

        // Moved to 10 minutes from now: both offsets are already past, so those reminders are dropped, not sent late (recorded
        // as skipped, so a planning pass that looks back does not write them either).
        var soon = fixture.Clock.GetUtcNow().AddMinutes(10);
        var soonLocal = new DateTime(soon.Year, soon.Month, soon.Day, soon.Hour, soon.Minute, 0, DateTimeKind.Unspecified).AddMinutes(1);
        Assert.True((await fixture.SendAsync(new RescheduleMeetingCommand(meeting.Id, 1, soonLocal, soonLocal.AddMinutes(30)), TestCurrentUser.Clara)).IsSuccess);
        Assert.Equal(0, await fixture.SendDueAsync());
        var past = await fixture.OutboxAsync();
        Assert.Equal(6, past.Count);
        Assert.All(past, n => Assert.Equal(NotificationStatus.Skipped, n.Status));

        // Back to its day: the reminders are wanted again, at the new times; then it is cancelled and none goes.
        Assert.True((await fixture.SendAsync(new RescheduleMeetingCommand(meeting.Id, 2, day.At(14), day.At(15)), TestCurrentUser.Clara)).IsSuccess);
        Assert.All(await fixture.OutboxAsync(), n => Assert.Equal(NotificationStatus.Pending, n.Status));
        Assert.True((await fixture.SendAsync(new CancelMeetingCommand(meeting.Id, 3, null), TestCurrentUser.Clara)).IsSuccess);
        Assert.All(await fixture.OutboxAsync(), n => Assert.Equal(NotificationStatus.Skipped, n.Status));
        fixture.Clock.SetUtcNow(day.UtcAt(14).AddMinutes(-5));
        Assert.Equal(0, await fixture.SendDueAsync());
        Assert.Empty(fixture.Smtp.Messages);

        // A meeting 30 minutes ahead gets the 15-minute reminders only, planned near their time.
        var inHalfAnHour = fixture.Clock.GetUtcNow().AddMinutes(30);
        var local = new DateTime(inHalfAnHour.Year, inHalfAnHour.Month, inHalfAnHour.Day, inHalfAnHour.Hour, inHalfAnHour.Minute, 0, DateTimeKind.Unspecified).AddMinutes(1);
        var next = await ZoomCallAsync(local, local.AddMinutes(30), "Quick follow-up");
        Assert.DoesNotContain(await fixture.OutboxAsync(), n => n.AboutId == next.Id);
        fixture.Clock.SetUtcNow(next.StartUtc.AddMinutes(-15).AddSeconds(-20));
        Assert.Equal(0, await fixture.SendDueAsync());
        var reminders = (await fixture.OutboxAsync()).Where(n => n.AboutId == next.Id && n.Status == NotificationStatus.Pending).ToList();
        Assert.Equal(3, reminders.Count);
        Assert.All(reminders, n => Assert.Equal(15, n.OffsetMinutes!.Value));
        fixture.Clock.SetUtcNow(next.StartUtc.AddMinutes(-15));
        Assert.Equal(3, await fixture.SendDueAsync());
        Assert.All(fixture.Smtp.Messages, m => Assert.StartsWith("Reminder: Quick follow-up", m.Subject, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_address_fails_its_own_mail_for_the_admins_to_see_and_the_others_still_go()
    {
        var day = AFewDaysAhead(20);
        await ZoomCallAsync(day.At(15), day.At(16));
        fixture.Smtp.Refused[DemoData.Erin.Email] = true;

        fixture.Clock.SetUtcNow(day.UtcAt(15) - Day);
        Assert.Equal(2, await fixture.SendDueAsync());

        Assert.Equal([DemoData.Carlos.Email, DemoData.Clara.Email], fixture.Smtp.Messages.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        var failed = Assert.Single(await fixture.OutboxAsync(), n => n.Status == NotificationStatus.Failed);
        Assert.Equal(DemoData.Erin.Id, failed.RecipientPersonId);
        Assert.Contains("550", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(0, await fixture.SendDueAsync()); // a permanent failure is not retried

        var forAdmin = await fixture.SendAsync(new ListNotificationsQuery(), TestCurrentUser.Admin);
        Assert.Equal((NotificationStatus.Failed, DemoData.Erin.Email), (forAdmin.Value[0].Status, forAdmin.Value[0].RecipientEmail));
        Assert.Equal(ErrorKind.NotFound, (await fixture.SendAsync(new ListNotificationsQuery(), TestCurrentUser.Clara)).FirstError.Kind);
    }

    [Fact]
    public async Task A_reminder_turned_off_on_the_profile_is_not_sent_and_an_offset_not_offered_is_refused()
    {
        var day = AFewDaysAhead(25);
        await ZoomCallAsync(day.At(15), day.At(16));
        var erin = new TestCurrentUser(DemoData.Erin.Id, null, false);
        Assert.True((await fixture.SendAsync(new SaveReminderPreferencesCommand([1440]), erin)).IsSuccess);
        var refused = await fixture.SendAsync(new SaveReminderPreferencesCommand([1440, 7]), erin);
        Assert.Equal(("RemindersOn", ErrorKind.Validation), (refused.FirstError.Field, refused.FirstError.Kind));

        fixture.Clock.SetUtcNow(day.UtcAt(15).AddMinutes(-14));
        Assert.Equal(5, await fixture.SendDueAsync()); // everyone's day-before reminder, and the 15-minute ones of all but Erin

        Assert.Single(fixture.Smtp.Messages, m => m.To.Mailboxes.Single().Address == DemoData.Erin.Email);
        var skipped = Assert.Single(await fixture.OutboxAsync(), n => n.Status == NotificationStatus.Skipped);
        Assert.Equal((DemoData.Erin.Id, 15), (skipped.RecipientPersonId, skipped.OffsetMinutes));
    }

    [Fact]
    public async Task A_deauthorized_grant_mails_one_reconnect_alert_naming_the_provider_and_a_change_it_blocks_tells_the_organizer()
    {
        var day = AFewDaysAhead(30);
        var meeting = await ZoomCallAsync(day.At(15), day.At(16));
        var zoom = await fixture.WithDbContextAsync(db => db.ProviderConnections.AsNoTracking().SingleAsync(c => c.PersonId == DemoData.Clara.Id && c.Provider == "zoom", Ct));

        Assert.Equal(1, (await fixture.SendAsync(new DeauthorizeAccountCommand("zoom", zoom.ExternalAccountId), TestCurrentUser.Anonymous)).Value);
        Assert.Equal(0, (await fixture.SendAsync(new DeauthorizeAccountCommand("zoom", zoom.ExternalAccountId), TestCurrentUser.Anonymous)).Value);
        // The change cannot reach Zoom now: the organizer is told the meeting could not be updated.
        var moved = await fixture.SendAsync(new RescheduleMeetingCommand(meeting.Id, 0, day.At(16), day.At(17)), TestCurrentUser.Clara);
        Assert.False(moved.Value!.InStep);

        Assert.Equal(2, await fixture.SendDueAsync());
        var alert = Assert.Single(fixture.Smtp.Messages, m => m.Subject?.StartsWith("Reconnect Zoom", StringComparison.Ordinal) == true);
        Assert.Equal(DemoData.Clara.Email, alert.To.Mailboxes.Single().Address);
        Assert.Contains($"{NotificationsAppFixture.PublicBaseUrl}Account/ConnectedApps", alert.TextBody, StringComparison.Ordinal);
        var notUpdated = Assert.Single(fixture.Smtp.Messages, m => m.Subject == "Your meeting could not be updated: Battery sourcing call");
        Assert.Contains("Reconnect Zoom to finish this change.", notUpdated.TextBody, StringComparison.Ordinal);
        Assert.Contains("16:00 – 17:00 (Europe/London)", notUpdated.TextBody, StringComparison.Ordinal);

        // Trying the change again (the sweep) tells nobody twice.
        Assert.Equal(0, await fixture.SendDueAsync());
        Assert.Single(await fixture.OutboxAsync(), n => n.Kind == "reconnect-alert");
        Assert.Single(await fixture.OutboxAsync(), n => n.Kind == "meeting-not-updated");
        Assert.Equal(2, fixture.Smtp.Messages.Count);
    }

    private async Task<(int Meetings, int Added, bool Complete)> PlanAsync()
    {
        var outcome = await fixture.PlanRemindersAsync();
        return (outcome.Meetings, outcome.Added, outcome.Complete);
    }
}
