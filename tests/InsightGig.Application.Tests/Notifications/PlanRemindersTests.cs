using InsightGig.Application.Meetings.EditMeetingDetails;
using InsightGig.Application.Meetings.RescheduleMeeting;
using InsightGig.Application.Meetings.ScheduleMeeting;
using InsightGig.Application.Notifications.PlanReminders;
using InsightGig.Domain.Meetings;
using InsightGig.Domain.Notifications;
using InsightGig.Infrastructure.Notifications;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Application.Tests.Notifications;

/// <summary>
/// Reminders planned near their due time on a fake clock: the committed meeting is their record, "Create meeting" writes
/// none for a meeting further away than the horizon (one minute here, set by the fixture), and the send loop's planning step writes
/// each person's reminder per offset once, whatever the number of instances, and after a restart too.
/// </summary>
public sealed class PlanRemindersTests(NotificationsAppFixture fixture) : IClassFixture<NotificationsAppFixture>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Horizon = TimeSpan.FromMinutes(1);

    public async ValueTask InitializeAsync()
    {
        await fixture.ResetAsync();
        fixture.Smtp.Clear();
        await fixture.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom, SandboxProvider.Google);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Clara's Zoom call with Carlos and Erin, starting at <paramref name="startUtc"/> (whole minutes, UTC).</summary>
    private async Task<ScheduledMeeting> CallAtAsync(DateTimeOffset startUtc, params Guid[] participants)
    {
        var start = startUtc.UtcDateTime;
        return await fixture.ScheduleAsync(new ScheduleMeetingCommand(Guid.NewGuid(), MeetingContextKind.Project, DemoData.NorthwindProjectId, "zoom",
            "Planning call", null, start, start.AddMinutes(30), participants.Length > 0 ? participants : [DemoData.Carlos.Id, DemoData.Erin.Id]),
            TestCurrentUser.Clara);
    }

    private DateTimeOffset WholeMinute(TimeSpan ahead)
    {
        var at = fixture.Clock.GetUtcNow() + ahead;
        return new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero).AddMinutes(1);
    }

    private async Task<List<Notification>> RemindersOfAsync(Guid meetingId) =>
        [.. (await fixture.OutboxAsync()).Where(n => n.AboutId == meetingId)];

    [Fact]
    public async Task A_reminder_is_written_once_when_it_comes_within_the_horizon_and_not_a_second_earlier()
    {
        var start = WholeMinute(TimeSpan.FromDays(3));
        var meeting = await CallAtAsync(start);
        Assert.Empty(await RemindersOfAsync(meeting.Id)); // the create wrote none
        var dayBefore = start.AddDays(-1);

        // One second outside the horizon: nothing yet.
        fixture.Clock.SetUtcNow(dayBefore - Horizon - TimeSpan.FromSeconds(1));
        var early = await fixture.PlanRemindersAsync();
        Assert.Equal((0, 0, true), (early.Meetings, early.Added, early.Complete));
        Assert.Empty(await RemindersOfAsync(meeting.Id));

        // At the edge: the three people's day-before reminders, pending at their time; the 15-minute ones not yet.
        fixture.Clock.SetUtcNow(dayBefore - Horizon);
        var planned = await fixture.PlanRemindersAsync(early.PlannedAtUtc);
        Assert.Equal((1, 3, true), (planned.Meetings, planned.Added, planned.Complete));
        var rows = await RemindersOfAsync(meeting.Id);
        Assert.Equal(new[] { DemoData.Carlos.Id, DemoData.Clara.Id, DemoData.Erin.Id }.Order(), rows.Select(n => n.RecipientPersonId).Order());
        Assert.All(rows, n => Assert.Equal((NotificationStatus.Pending, 1440, dayBefore), (n.Status, n.OffsetMinutes!.Value, n.NextAttemptAtUtc)));

        // Planned once: a later pass, from the start or from the last, writes nothing more.
        Assert.Equal(0, (await fixture.PlanRemindersAsync(planned.PlannedAtUtc)).Added);
        Assert.Equal(0, (await fixture.PlanRemindersAsync()).Added);

        // Each goes once at its time, the 15-minute ones too.
        fixture.Clock.SetUtcNow(dayBefore);
        Assert.Equal(3, await fixture.SendDueAsync());
        fixture.Clock.SetUtcNow(start.AddMinutes(-15));
        Assert.Equal(3, await fixture.SendDueAsync());
        Assert.Equal(0, await fixture.SendDueAsync());
        Assert.Equal(6, fixture.Smtp.Messages.Count);
        Assert.Equal(6, (await RemindersOfAsync(meeting.Id)).Count(n => n.Status == NotificationStatus.Sent));
    }

    [Fact]
    public async Task A_meeting_whose_reminder_is_already_within_the_horizon_gets_it_with_its_own_save_and_none_for_an_offset_already_past()
    {
        var start = WholeMinute(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(10));
        var meeting = await CallAtAsync(start);

        var rows = await RemindersOfAsync(meeting.Id);
        Assert.Equal(3, rows.Count);
        Assert.All(rows, n => Assert.Equal((NotificationStatus.Pending, 15), (n.Status, n.OffsetMinutes!.Value)));

        // A restarted process's first pass looks back over every meeting not started: the day-before reminder, past when the
        // meeting was made, is recorded as skipped, not sent late.
        await fixture.PlanRemindersAsync();
        fixture.Clock.SetUtcNow(start.AddMinutes(-15));
        Assert.Equal(3, await fixture.SendDueAsync());
        rows = await RemindersOfAsync(meeting.Id);
        Assert.Equal(3, rows.Count(n => n.Status == NotificationStatus.Sent && n.OffsetMinutes == 15));
        Assert.Equal(3, rows.Count(n => n.Status == NotificationStatus.Skipped && n.OffsetMinutes == 1440));
    }

    [Fact]
    public async Task Two_planners_at_once_write_each_reminder_once_and_neither_fails()
    {
        var start = WholeMinute(TimeSpan.FromDays(2));
        var meetings = new List<ScheduledMeeting>();
        for (var i = 0; i < 4; i++)
        {
            meetings.Add(await CallAtAsync(start.AddMinutes(i)));
        }

        // Both have read the meetings (none planned) before either writes: the second's insert meets the unique key.
        fixture.Clock.SetUtcNow(start.AddDays(-1) - Horizon + TimeSpan.FromMinutes(5));
        fixture.Rendezvous.Arm(2, SaveChangesRendezvous.Saving<Notification>(EntityState.Added));
        PlanRemindersOutcome[] outcomes;
        try
        {
            outcomes = await Task.WhenAll(fixture.PlanRemindersAsync(), fixture.PlanRemindersAsync());
            Assert.Equal(2, fixture.Rendezvous.Arrived);
        }
        finally
        {
            fixture.Rendezvous.Disarm();
        }

        var rows = (await fixture.OutboxAsync()).Where(n => n.Kind == "reminder").ToList();
        Assert.Equal(12, rows.Count); // 4 meetings x 3 people, the day-before offset
        Assert.Equal(12, outcomes.Sum(o => o.Added)); // the second writer's conflicts are "already planned", not counted twice
        Assert.All(outcomes, o => Assert.True(o.Complete));
        Assert.Equal(12, rows.Select(n => n.Key).Distinct().Count());
    }

    [Fact]
    public async Task A_meeting_committed_before_a_crash_gets_its_reminders_from_the_restarted_loop_even_after_their_time()
    {
        // Committed; then the process died before any pass planned it, and stayed down past the day-before time.
        var start = WholeMinute(TimeSpan.FromDays(2));
        var meeting = await CallAtAsync(start);
        fixture.Clock.SetUtcNow(start.AddDays(-1).AddMinutes(20));

        var restarted = ActivatorUtilities.CreateInstance<DueNotificationLoop>(fixture.Services);
        Assert.Equal((3, 3), await restarted.SendDueAsync(Ct));
        Assert.Equal(3, fixture.Smtp.Messages.Count);
        Assert.All(await RemindersOfAsync(meeting.Id), n => Assert.Equal((NotificationStatus.Sent, 1440), (n.Status, n.OffsetMinutes!.Value)));

        // Its later passes look from where the last ended: nothing twice, and the 15-minute ones at their time.
        Assert.Equal((0, 0), await restarted.SendDueAsync(Ct));
        fixture.Clock.SetUtcNow(start.AddMinutes(-15).AddSeconds(3));
        Assert.Equal((3, 3), await restarted.SendDueAsync(Ct));
        Assert.Equal(6, fixture.Smtp.Messages.Count);
    }

    [Fact]
    public async Task A_planned_reminder_moved_beyond_the_horizon_moves_and_does_not_fire_at_the_old_time()
    {
        var start = WholeMinute(TimeSpan.FromDays(2));
        var meeting = await CallAtAsync(start);
        fixture.Clock.SetUtcNow(start.AddDays(-1) - TimeSpan.FromSeconds(30));
        Assert.Equal(3, (await fixture.PlanRemindersAsync()).Added);

        var later = start.AddDays(1);
        Assert.True((await fixture.SendAsync(new RescheduleMeetingCommand(meeting.Id, 0, later.UtcDateTime, later.UtcDateTime.AddMinutes(30)),
            TestCurrentUser.Clara)).IsSuccess);
        var rows = await RemindersOfAsync(meeting.Id);
        Assert.Equal(3, rows.Count);
        Assert.All(rows, n => Assert.Equal((NotificationStatus.Pending, later.AddDays(-1)), (n.Status, n.NextAttemptAtUtc)));

        fixture.Clock.SetUtcNow(start.AddDays(-1).AddSeconds(5));
        Assert.Equal(0, await fixture.SendDueAsync()); // the old time: nothing goes
        fixture.Clock.SetUtcNow(later.AddDays(-1));
        Assert.Equal(3, await fixture.SendDueAsync());
        Assert.Equal(3, (await RemindersOfAsync(meeting.Id)).Count);
    }

    [Fact]
    public async Task A_person_added_before_planning_gets_theirs_and_one_who_left_gets_none()
    {
        var start = WholeMinute(TimeSpan.FromDays(2));
        var meeting = await CallAtAsync(start);
        // Before anything was planned: Erin leaves, Hiro joins.
        Assert.True((await fixture.SendAsync(new EditMeetingDetailsCommand(meeting.Id, 0, "Planning call", null, [DemoData.Carlos.Id, DemoData.Hiro.Id]),
            TestCurrentUser.Clara)).IsSuccess);
        Assert.Empty(await RemindersOfAsync(meeting.Id));

        fixture.Clock.SetUtcNow(start.AddDays(-1));
        Assert.Equal(3, await fixture.SendDueAsync());
        Assert.Equal(
            [DemoData.Carlos.Email, DemoData.Clara.Email, DemoData.Hiro.Email],
            fixture.Smtp.Messages.Select(m => Assert.Single(m.To.Mailboxes).Address).Order(StringComparer.Ordinal));
    }
}
