using System.Net;
using InsightGig.Application.Meetings.SyncCalendarChanges;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using InsightGig.TestSupport;
using InsightGig.TestSupport.Sandbox;
using InsightGig.Web.Tests.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.CalendarSync;

/// <summary>
/// Google Calendar push notifications with <c>App:PublicBaseUrl</c> configured: a sync opens an events.watch channel to
/// <c>POST /webhooks/google</c>; the sandbox delivers its notifications there over real HTTP; a notification of a live
/// channel with its token queues a sync, anything else is ignored (unknown, replaced or expired channel) or refused (wrong token).
/// </summary>
public sealed class GooglePushTests(GooglePushApp app) : IClassFixture<GooglePushApp>, IAsyncLifetime
{
    private static readonly DateOnly Day = MeetingDates.NextMidJanuary();

    private ProviderSandboxState Sandbox => app.State;

    public async ValueTask InitializeAsync()
    {
        await app.ResetAsync();
        await app.ConnectAsync(DemoData.Clara, SandboxProvider.Google);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<CalendarSyncState> SyncStateAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().CalendarSyncStates.AsNoTracking()
            .SingleAsync(s => s.PersonId == DemoData.Clara.Id, TestContext.Current.CancellationToken);
    }

    private async Task<Meeting> MeetingAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Meetings.AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
    }

    private async Task<HttpResponseMessage> NotifyAsync(string? channelId, string? token, string? resourceId, string state)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, app.WebhookUrl) { Content = new ByteArrayContent([]) };
        foreach (var (name, value) in new[] { ("X-Goog-Channel-ID", channelId), ("X-Goog-Channel-Token", token), ("X-Goog-Resource-ID", resourceId), ("X-Goog-Resource-State", state) })
        {
            if (value is not null)
            {
                request.Headers.Add(name, value);
            }
        }

        request.Headers.Add("X-Goog-Message-Number", "7");
        return await app.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Sets the stored channel's expiry, as if it had been opened long ago.</summary>
    private async Task ExpireStoredChannelAtAsync(DateTimeOffset expiresAtUtc)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var state = await db.CalendarSyncStates.SingleAsync(s => s.PersonId == DemoData.Clara.Id, TestContext.Current.CancellationToken);
        state.ChannelOpened(state.ChannelId!, state.ChannelResourceId!, state.ChannelTokenHash!, expiresAtUtc, DateTimeOffset.UtcNow, CalendarSyncCadence.Default);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_move_in_Google_Calendar_is_pushed_to_the_app_which_syncs_and_moves_the_meeting_and_its_Zoom_meeting()
    {
        await app.ConnectAsync(DemoData.Clara, SandboxProvider.Zoom);
        // Over Kestrel the factory's client follows redirects: sign-in and scheduling end on the page they lead to.
        using var clara = app.Factory.CreateClient(new() { BaseAddress = app.Address, HandleCookies = true });
        using var signedIn = await InsightGigWebFactory.SignInAsync(clara, DemoData.Clara.Email);

        var form = await ScheduleForm.FillAsync(clara, $"/Experts/{DemoData.Hiro.Id}", "zoom", "Battery sourcing call", null,
            ScheduleForm.Local(Day.At(15)), ScheduleForm.Local(Day.At(15, 45)));
        using var scheduled = await form.PostAsync(clara);

        var meeting = await MeetingAsync();
        Assert.Equal(MeetingStatus.Scheduled, meeting.Status);

        // The first sync (full) opens the channel; its "sync" message reaches the app and queues nothing.
        Assert.Equal(CalendarSyncStatus.Synced, (await app.RunSyncJobAsync(DemoData.Clara)).Status);
        var channel = Assert.Single(Sandbox.GetCalendarChannels());
        var state = await SyncStateAsync();
        Assert.Equal(app.WebhookUrl, channel.Address);
        Assert.Equal(state.ChannelId, channel.Id);
        Assert.Equal(channel.ResourceId, state.ChannelResourceId);
        var rows = await SandboxTestData.RawRowsAsync(app.Services, "CalendarSyncStates");
        Assert.DoesNotContain(rows.SelectMany(r => r.Values), v => v == channel.Token); // only a hash of the channel token is kept
        await Sandbox.CalendarNotificationsDeliveredAsync();
        var queued = app.QueuedPushSyncs(DemoData.Clara);

        var newStart = Day.UtcAt(18);
        Sandbox.MoveCalendarEvent(DemoData.Clara.Email, meeting.CalendarEventId!, newStart, newStart.AddMinutes(30));
        await Sandbox.CalendarNotificationsDeliveredAsync();

        var notifications = Assert.Single(Sandbox.GetCalendarChannels()).Notifications;
        Assert.Equal(["sync", "exists"], notifications.Select(n => n.State));
        Assert.All(notifications, n => Assert.Equal(200, n.DeliveryStatus));
        Assert.Equal(queued + 1, app.QueuedPushSyncs(DemoData.Clara));

        var report = await app.RunSyncJobAsync(DemoData.Clara, pushed: true);

        Assert.Equal(1, report.Moved);
        var after = await MeetingAsync();
        Assert.Equal((newStart, newStart.AddMinutes(30)), (after.StartUtc, after.EndUtc));
        var zoom = Assert.Single(Sandbox.GetZoomMeetings());
        Assert.Equal((newStart, 30), (zoom.StartTime, zoom.Duration));
    }

    [Fact]
    public async Task Only_a_notification_of_a_live_channel_with_its_token_queues_a_sync()
    {
        await app.RunSyncJobAsync(DemoData.Clara);
        var channel = Assert.Single(Sandbox.GetCalendarChannels());
        var queued = app.QueuedPushSyncs(DemoData.Clara);

        using var wrongToken = await NotifyAsync(channel.Id, "not-the-token", channel.ResourceId, "exists");
        using var noToken = await NotifyAsync(channel.Id, null, channel.ResourceId, "exists");
        using var unknownChannel = await NotifyAsync("no-such-channel", channel.Token, channel.ResourceId, "exists");
        using var noHeaders = await NotifyAsync(null, null, null, "exists");
        using var otherResource = await NotifyAsync(channel.Id, channel.Token, "another-resource", "exists");
        using var syncMessage = await NotifyAsync(channel.Id, channel.Token, channel.ResourceId, "sync");
        Assert.Equal(queued, app.QueuedPushSyncs(DemoData.Clara));
        using var change = await NotifyAsync(channel.Id, channel.Token, channel.ResourceId, "exists");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK],
            new[] { unknownChannel, noHeaders, otherResource, syncMessage, change }.Select(r => r.StatusCode));
        Assert.Equal(queued + 1, app.QueuedPushSyncs(DemoData.Clara));
    }

    [Fact]
    public async Task A_channel_about_to_expire_is_replaced_and_stopped_and_replaced_or_expired_channels_are_ignored()
    {
        await app.RunSyncJobAsync(DemoData.Clara);
        await app.RunSyncJobAsync(DemoData.Clara);
        var first = Assert.Single(Sandbox.GetCalendarChannels()); // a fresh channel is kept, not reopened on every sync
        await ExpireStoredChannelAtAsync(DateTimeOffset.UtcNow.AddHours(1));

        await app.RunSyncJobAsync(DemoData.Clara);

        var channels = Sandbox.GetCalendarChannels();
        Assert.Equal(2, channels.Count);
        Assert.True(channels.Single(c => c.Id == first.Id).Stopped, "the replaced channel was not stopped");
        var second = channels.Single(c => c.Id != first.Id);
        Assert.False(second.Stopped);
        Assert.Equal(second.Id, (await SyncStateAsync()).ChannelId);

        var queued = app.QueuedPushSyncs(DemoData.Clara);
        using var replaced = await NotifyAsync(first.Id, first.Token, first.ResourceId, "exists");
        await ExpireStoredChannelAtAsync(DateTimeOffset.UtcNow.AddMinutes(-1));
        using var expired = await NotifyAsync(second.Id, second.Token, second.ResourceId, "exists");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (replaced.StatusCode, expired.StatusCode));
        Assert.Equal(queued, app.QueuedPushSyncs(DemoData.Clara));
    }

    [Fact]
    public async Task A_calendar_the_sweep_parks_has_its_channel_stopped_at_the_calendar_and_its_next_read_opens_a_new_one()
    {
        await app.RunSyncJobAsync(DemoData.Clara);
        var first = Assert.Single(Sandbox.GetCalendarChannels());
        Assert.False((await SyncStateAsync()).Parked);
        // Clara has no meeting: her calendar is no longer one to read. Its hourly safety read comes due, and the sweep parks it.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().CalendarSyncStates
                .Where(s => s.PersonId == DemoData.Clara.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.NextSyncDueAtUtc, DateTimeOffset.UtcNow.AddMinutes(-1)), TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, await app.RunSweepJobAsync());
        var parked = await SyncStateAsync();
        Assert.True(parked.Parked);
        Assert.Equal(1, app.QueuedChannelStops(parked.ConnectionId));
        Assert.False(Assert.Single(Sandbox.GetCalendarChannels()).Stopped); // stopped by the job, after the parking committed

        Assert.Equal(ParkedChannelStop.Stopped, await app.RunChannelStopJobAsync(parked.ConnectionId));
        Assert.True(Assert.Single(Sandbox.GetCalendarChannels()).Stopped, "the parked calendar's channel was not stopped at the calendar");
        Assert.Null((await SyncStateAsync()).ChannelId);
        Assert.Equal(ParkedChannelStop.NothingToStop, await app.RunChannelStopJobAsync(parked.ConnectionId));

        // When a change wakes the calendar, its next read opens a channel again, as a first read does.
        await app.RunSyncJobAsync(DemoData.Clara);
        var channels = Sandbox.GetCalendarChannels();
        Assert.Equal(2, channels.Count);
        var second = channels.Single(c => c.Id != first.Id);
        Assert.False(second.Stopped);
        Assert.Equal(second.Id, (await SyncStateAsync()).ChannelId);
    }
}
