using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Meetings.Platforms;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Domain.Meetings;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Meetings.Converge;

/// <summary>
/// Brings Zoom and Google Calendar to the meeting's desired state (the saved <see cref="Meeting"/>): every call is
/// idempotent (PATCH to the full state, DELETE that accepts "already gone"), so running it again after a failure or
/// a crash is always safe. Provider state that drifted is repaired: a Zoom meeting deleted on Zoom's side is made
/// again; an event deleted by hand in Google Calendar means the meeting was cancelled there.
/// </summary>
internal sealed class MeetingConverger(
    IApplicationDbContext db,
    IEnumerable<MeetingPlatform> platforms,
    IEnumerable<IVideoMeetingProvider> videoProviders,
    IEnumerable<ICalendarProvider> calendars,
    MeetingProvisioner provisioner,
    TimeProvider clock)
{
    /// <param name="takeOverSetUpStartedBefore">When set, a set-up that started before then (its lease ran out) is taken over.</param>
    public async Task<ConvergeOutcome> ConvergeAsync(Guid meetingId, CancellationToken cancellationToken, DateTimeOffset? takeOverSetUpStartedBefore = null)
    {
        // A repair (recreated Zoom meeting, cancellation found in Google) can make more work; it settles in a few rounds.
        for (var round = 0; round < 3; round++)
        {
            var meeting = await db.Meetings.FirstOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
            if (meeting is { NeedsCleanup: true })
            {
                return await CleanUpFailedAsync(meeting, cancellationToken);
            }

            if (meeting is not null && takeOverSetUpStartedBefore is { } cutoff && meeting.SetUpAbandoned(cutoff))
            {
                return await TakeOverSetUpAsync(meeting, cancellationToken);
            }

            if (meeting is null || !meeting.IsConverging)
            {
                return ConvergeOutcome.Done;
            }

            var outcome = await StepAsync(meeting, cancellationToken);
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
            }
            catch (DbUpdateConcurrencyException)
            {
                // A newer change was saved meanwhile; what we confirmed is still true, but read again and continue from there.
                DetachAll();
                return new ConvergeOutcome(ConvergeState.RetryLater, TimeSpan.Zero);
            }

            DetachAll();
            if (outcome is not null)
            {
                return outcome;
            }
        }

        return new ConvergeOutcome(ConvergeState.RetryLater, TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// A schedule that failed after its video meeting was made, and whose undo failed too: delete that video meeting now,
    /// so nothing is left orphaned at the provider.
    /// </summary>
    private async Task<ConvergeOutcome> CleanUpFailedAsync(Meeting meeting, CancellationToken cancellationToken)
    {
        var platform = platforms.First(p => p.Key == meeting.VideoProvider);
        var video = videoProviders.First(v => v.Key == platform.VideoProvider);
        var deleted = await video.DeleteMeetingAsync(meeting.OrganizerId, meeting.ProviderMeetingId!, cancellationToken);
        if (!deleted.IsSuccess)
        {
            DetachAll();
            return new ConvergeOutcome(ConvergeState.RetryLater, deleted.Failure!.RetryAfter, deleted.Failure.Message);
        }

        meeting.VideoMeetingDeleted();
        await db.SaveChangesAsync(CancellationToken.None);
        DetachAll();
        return ConvergeOutcome.Done;
    }

    /// <summary>
    /// A set-up whose request died mid-way (a crash, a kill, a client that gave up) and whose lease ran out: claim it, then
    /// finish it when the video meeting was recorded (the calendar event is created with our own id, so an event the dead
    /// request already made is taken, not doubled), or undo it when it was not (the calendar step comes after the video
    /// one, so nothing of ours is in the calendar) and mark it failed with a reason the organizer sees.
    /// </summary>
    private async Task<ConvergeOutcome> TakeOverSetUpAsync(Meeting meeting, CancellationToken cancellationToken)
    {
        meeting.TakeOverSetUp(clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another worker took it over, or the request finished after all: theirs to complete.
            DetachAll();
            return ConvergeOutcome.Done;
        }

        var platform = platforms.First(p => p.Key == meeting.VideoProvider);
        if (platform.VideoProvider is { } videoKey && meeting.ProviderMeetingId is null)
        {
            var video = videoProviders.First(v => v.Key == videoKey);
            meeting.MarkFailed($"Setting up this meeting was interrupted before {video.DisplayName} confirmed it. Nothing was scheduled; please schedule it again.");
            await db.SaveChangesAsync(CancellationToken.None);
        }
        else
        {
            // Fails cleanly on its own (video meeting deleted, meeting Failed with the reason) if a provider refuses now.
            await provisioner.ProvisionAsync(meeting, platform, cancellationToken);
        }

        DetachAll();
        return ConvergeOutcome.Done;
    }

    /// <summary>One pass over both sides; null when both steps succeeded.</summary>
    private async Task<ConvergeOutcome?> StepAsync(Meeting meeting, CancellationToken cancellationToken)
    {
        var version = meeting.Version;
        var platform = platforms.First(p => p.Key == meeting.VideoProvider);
        if (meeting.VideoSyncedVersion < version && await SyncVideoAsync(meeting, platform, version, cancellationToken) is { } videoProblem)
        {
            return videoProblem;
        }

        if (meeting.CalendarSyncedVersion < meeting.Version && await SyncCalendarAsync(meeting, platform, cancellationToken) is { } calendarProblem)
        {
            return calendarProblem;
        }

        return null;
    }

    private async Task<ConvergeOutcome?> SyncVideoAsync(Meeting meeting, MeetingPlatform platform, int version, CancellationToken cancellationToken)
    {
        if (platform.VideoProvider is not { } videoKey)
        {
            // Google Meet lives in the calendar event; there is no separate video meeting to update.
            meeting.VideoSynced(version, null, null);
            return null;
        }

        var video = videoProviders.First(v => v.Key == videoKey);
        if (meeting.Status == MeetingStatus.Cancelled)
        {
            if (meeting.ProviderMeetingId is { } toDelete)
            {
                var deleted = await video.DeleteMeetingAsync(meeting.OrganizerId, toDelete, cancellationToken);
                if (!deleted.IsSuccess)
                {
                    return Problem(meeting, video.DisplayName, deleted.Failure!);
                }
            }

            meeting.VideoSynced(version, null, null);
            return null;
        }

        var request = new VideoMeetingRequest(meeting.Title, meeting.Description, meeting.StartUtc, meeting.Duration, meeting.TimeZoneId);
        if (meeting.ProviderMeetingId is { } providerMeetingId)
        {
            var updated = await video.UpdateMeetingAsync(meeting.OrganizerId, providerMeetingId, request, cancellationToken);
            if (updated.IsSuccess)
            {
                meeting.VideoSynced(version, null, null);
                return null;
            }

            if (updated.Failure!.Kind != ProviderFailureKind.NotFound)
            {
                return Problem(meeting, video.DisplayName, updated.Failure);
            }
        }

        // Deleted on the provider's side while InsightGig still wants it: make it again.
        var created = await video.CreateMeetingAsync(meeting.OrganizerId, request, cancellationToken);
        if (!created.IsSuccess)
        {
            return Problem(meeting, video.DisplayName, created.Failure!);
        }

        meeting.VideoSynced(version, created.Value!.ProviderMeetingId, created.Value.JoinUrl);
        return null;
    }

    private async Task<ConvergeOutcome?> SyncCalendarAsync(Meeting meeting, MeetingPlatform platform, CancellationToken cancellationToken)
    {
        var calendar = calendars.First();
        var version = meeting.Version;
        var eventId = meeting.CalendarEventId!;
        if (meeting.Status == MeetingStatus.Cancelled)
        {
            var deleted = await calendar.DeleteEventAsync(meeting.OrganizerId, eventId, cancellationToken);
            if (!deleted.IsSuccess)
            {
                return Problem(meeting, calendar.DisplayName, deleted.Failure!);
            }

            meeting.CalendarSynced(version, null);
            return null;
        }

        var request = new CalendarEventRequest(eventId, meeting.Title, CalendarText.Description(meeting, platform), platform.UsesCalendarConference ? null : meeting.JoinUrl,
            meeting.StartUtc, meeting.EndUtc, meeting.TimeZoneId, [.. meeting.Participants.Select(p => new CalendarAttendee(p.Email, p.FullName))],
            CreateConference: false);
        var updated = await calendar.UpdateEventAsync(meeting.OrganizerId, request, cancellationToken);
        if (updated.IsSuccess && updated.Value!.Status != "cancelled")
        {
            meeting.CalendarSynced(version, updated.Value.ETag);
            return null;
        }

        if (updated.IsSuccess || updated.Failure!.Kind == ProviderFailureKind.NotFound)
        {
            // The organizer deleted the event by hand in Google Calendar: honour it as a cancellation from there.
            meeting.Cancel(null, null, ChangeSource.GoogleCalendar, clock.GetUtcNow());
            return null;
        }

        return Problem(meeting, calendar.DisplayName, updated.Failure!);
    }

    private static ConvergeOutcome Problem(Meeting meeting, string provider, ProviderFailure failure)
    {
        var (state, text) = failure.Kind switch
        {
            ProviderFailureKind.NotConnected or ProviderFailureKind.ReconnectNeeded =>
                (ConvergeState.NeedsOrganizer, $"Reconnect {provider} to finish this change."),
            ProviderFailureKind.Transient =>
                (ConvergeState.RetryLater, $"Waiting for {provider} to answer; the change will be applied automatically."),
            _ => (ConvergeState.NeedsOrganizer, $"{provider} refused the change: {failure.Message}"),
        };
        meeting.ReportSyncProblem(text);
        return new ConvergeOutcome(state, failure.RetryAfter, text);
    }

    private void DetachAll()
    {
        if (db is DbContext context)
        {
            context.ChangeTracker.Clear();
        }
    }
}
