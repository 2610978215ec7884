using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Meetings.Platforms;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using Microsoft.Extensions.Logging;

namespace InsightGig.Application.Meetings.Scheduling;

/// <summary>
/// Brings a saved meeting into being at the providers, after the database commit: the video meeting (Zoom) first,
/// then the calendar event that invites everyone. If a later step fails, the earlier one is undone, so no half
/// meeting is left on either side; every step is saved as it completes. Also finishes a set-up taken over by the sweep
/// after its request died (<see cref="Converge.MeetingConverger"/>).
/// </summary>
internal sealed partial class MeetingProvisioner(
    IApplicationDbContext db,
    IEnumerable<IVideoMeetingProvider> videoProviders,
    IEnumerable<ICalendarProvider> calendars,
    TimeProvider clock,
    ILogger<MeetingProvisioner> logger)
{
    /// <summary>How long to wait for Google Meet to finish creating a conference before giving up cleanly.</summary>
    private static readonly TimeSpan ConferenceWait = TimeSpan.FromSeconds(10);

    public async Task<Result> ProvisionAsync(Meeting meeting, MeetingPlatform platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(platform);
        var calendar = calendars.FirstOrDefault()
            ?? throw new InvalidOperationException("No calendar provider is registered.");

        IVideoMeetingProvider? video = null;
        if (platform.VideoProvider is { } videoKey)
        {
            video = videoProviders.FirstOrDefault(v => v.Key == videoKey)
                ?? throw new InvalidOperationException($"Platform {platform.Key} names video provider {videoKey}, which is not registered.");
        }

        // A set-up taken over after a crash resumes here with its video meeting already recorded: it is not made twice.
        if (video is not null && meeting.ProviderMeetingId is null)
        {
            var created = await video.CreateMeetingAsync(meeting.OrganizerId,
                new VideoMeetingRequest(meeting.Title, meeting.Description, meeting.StartUtc, meeting.Duration, meeting.TimeZoneId), cancellationToken);
            if (!created.IsSuccess)
            {
                return await FailAsync(meeting, ProviderError(video.DisplayName, created.Failure!), cancellationToken);
            }

            meeting.RecordVideoMeeting(created.Value!.ProviderMeetingId, created.Value.JoinUrl);
            // Saved before the calendar step: if the process dies now, we still know which Zoom meeting to clean up.
            await db.SaveChangesAsync(cancellationToken);
        }

        var request = new CalendarEventRequest(
            meeting.CalendarEventId!,
            meeting.Title,
            CalendarText.Description(meeting, platform),
            meeting.JoinUrl,
            meeting.StartUtc,
            meeting.EndUtc,
            meeting.TimeZoneId,
            [.. meeting.Participants.Select(p => new CalendarAttendee(p.Email, p.FullName))],
            CreateConference: platform.UsesCalendarConference);
        var inserted = await calendar.CreateEventAsync(meeting.OrganizerId, request, cancellationToken);
        if (inserted.Failure?.Kind == ProviderFailureKind.Conflict)
        {
            // Our own earlier try created it (the id is ours): take that event instead of making a second one.
            inserted = await calendar.GetEventAsync(meeting.OrganizerId, request.EventId, cancellationToken);
        }

        if (!inserted.IsSuccess)
        {
            var error = ProviderError(calendar.DisplayName, inserted.Failure!);
            await UndoVideoMeetingAsync(meeting, video, cancellationToken);
            return await FailAsync(meeting, error, cancellationToken);
        }

        var joinUrl = meeting.JoinUrl;
        if (platform.UsesCalendarConference)
        {
            var conference = await WaitForConferenceAsync(calendar, meeting, inserted.Value!, cancellationToken);
            if (conference is null)
            {
                await calendar.DeleteEventAsync(meeting.OrganizerId, request.EventId, cancellationToken);
                return await FailAsync(meeting,
                    Error.Unavailable("meeting.conference_not_ready", $"{platform.DisplayName} did not create the video link in time. Nothing was scheduled; please try again."),
                    cancellationToken);
            }

            joinUrl = conference;
        }

        meeting.MarkScheduled(joinUrl!, inserted.Value!.ETag);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    private async Task<string?> WaitForConferenceAsync(ICalendarProvider calendar, Meeting meeting, CalendarEventDetails details, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + ConferenceWait;
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            if (details.ConferenceStatus == ConferenceStatus.Ready && details.ConferenceJoinUrl is { } url)
            {
                return url;
            }

            if (details.ConferenceStatus == ConferenceStatus.Failed || clock.GetUtcNow() + delay > deadline)
            {
                return null;
            }

            await Task.Delay(delay, clock, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            var polled = await calendar.GetEventAsync(meeting.OrganizerId, details.EventId, cancellationToken);
            if (!polled.IsSuccess)
            {
                return null;
            }

            details = polled.Value!;
        }
    }

    private async Task UndoVideoMeetingAsync(Meeting meeting, IVideoMeetingProvider? video, CancellationToken cancellationToken)
    {
        if (video is null || meeting.ProviderMeetingId is not { } providerMeetingId)
        {
            return;
        }

        var deleted = await video.DeleteMeetingAsync(meeting.OrganizerId, providerMeetingId, cancellationToken);
        if (deleted.IsSuccess)
        {
            meeting.VideoMeetingDeleted();
        }
        else
        {
            // The meeting row keeps the provider id (status Failed), so it can be found and removed later.
            LogUndoFailed(meeting.Id, video.DisplayName, deleted.Failure!.Kind);
        }
    }

    private async Task<Result> FailAsync(Meeting meeting, Error error, CancellationToken cancellationToken)
    {
        meeting.MarkFailed(error.Message);
        // Not cancellable: the outcome must be recorded even if the user gave up waiting.
        await db.SaveChangesAsync(CancellationToken.None);
        return error;
    }

    public static Error ProviderError(string provider, ProviderFailure failure) => failure.Kind switch
    {
        ProviderFailureKind.NotConnected => Error.Validation("meeting.connection_required",
            $"Link your {provider} account to schedule this meeting. Nothing was created.", "Platform"),
        ProviderFailureKind.ReconnectNeeded => Error.Validation("meeting.reconnect_required",
            $"{provider} no longer accepts InsightGig's access: reconnect {provider} and try again. Nothing was created.", "Platform"),
        ProviderFailureKind.Transient => Error.Unavailable("meeting.provider_unavailable",
            $"{provider} is not answering right now. Nothing was created; please try again in a moment."),
        _ => Error.Validation("meeting.provider_refused", $"{provider} refused the meeting: {failure.Message} Nothing was created."),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meeting {MeetingId}: could not delete the {Provider} meeting after a failed calendar step ({Kind}); it is kept for cleanup")]
    private partial void LogUndoFailed(Guid meetingId, string provider, ProviderFailureKind kind);
}
