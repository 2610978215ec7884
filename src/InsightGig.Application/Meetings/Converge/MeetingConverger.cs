using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Common.Telemetry;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Application.Meetings.Platforms;
using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Application.Notifications.Kinds;
using InsightGig.Domain.Common;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace InsightGig.Application.Meetings.Converge;

/// <summary>
/// The one engine that brings the providers (the platform's video provider and the organizer's calendar) to a meeting's
/// saved state. Creating a meeting is converging it from version 0: the video meeting first (saved at once, so it can be
/// undone), then the calendar event that invites everyone; if a step fails, what was made is undone, so no half meeting is
/// left, and the meeting is Failed with a clear reason. Later changes are PATCHes to the full state and DELETEs that accept
/// "already gone", so running it again after a failure or a crash is always safe. Provider state that drifted is repaired:
/// a video meeting deleted on its provider's side is made again; an event deleted by hand in the calendar means the meeting
/// was cancelled there. A meeting whose setting-up worker died mid-way is taken over once its lease runs out.
/// </summary>
internal sealed partial class MeetingConverger(
    IApplicationDbContext db,
    ProviderCatalog catalog,
    IEnumerable<IVideoMeetingProvider> videoProviders,
    IEnumerable<ICalendarProvider> calendars,
    AnswerWriter answers,
    ProviderUndoRunner undos,
    TimeProvider clock,
    ILogger<MeetingConverger> logger)
{
    /// <summary>How often and how long a worker that lost its lease waits for the one that took over to settle (<see cref="GiveBackAsync"/>).</summary>
    private static readonly TimeSpan GiveBackPollInterval = TimeSpan.FromMilliseconds(500);

    private const int GiveBackPolls = 60;

    /// <summary>How long to wait for a calendar's own conference to be ready before giving up cleanly.</summary>
    private static readonly TimeSpan ConferenceWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Sets up a meeting just saved by the request that holds its set-up lease (<see cref="Meeting.SetUpStartedAtUtc"/>).
    /// <paramref name="calendarProvider"/> is the provider of the calendar connection the meeting names.
    /// </summary>
    public async Task<ConvergeOutcome> CreateAsync(Meeting meeting, string calendarProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        return await ProvisionAsync(meeting, CalendarAdapter(calendarProvider), takenOver: false, cancellationToken);
    }

    /// <param name="takeOverSetUpStartedBefore">When set, a set-up that started before then (its lease ran out: the request doing it died) is taken over.</param>
    public async Task<ConvergeOutcome> ConvergeAsync(Guid meetingId, CancellationToken cancellationToken, DateTimeOffset? takeOverSetUpStartedBefore = null)
    {
        InsightGigTelemetry.TagMeeting(meetingId);
        // A repair (recreated video meeting, cancellation found in the calendar) can make more work; it settles in a few rounds.
        for (var round = 0; round < 3; round++)
        {
            var meeting = await db.Meetings.FirstOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
            if (meeting is not null && takeOverSetUpStartedBefore is { } cutoff && meeting.SetUpAbandoned(cutoff))
            {
                return await TakeOverAsync(meeting, cancellationToken);
            }

            if (meeting is { NeedsCleanup: true })
            {
                return await HandOverVideoUndoAsync(meeting, cancellationToken);
            }

            if (meeting is null || (!meeting.IsConverging && !meeting.HasAnswersToWrite))
            {
                DetachAll();
                return ConvergeOutcome.Done;
            }

            var outcome = meeting.IsConverging ? await StepAsync(meeting, cancellationToken) : null;
            if (outcome is null && meeting.HasAnswersToWrite)
            {
                // Participants' answers go to their own calendars once the event itself is in step.
                outcome = await answers.WriteAsync(meeting, cancellationToken);
            }

            if (outcome?.State == ConvergeState.NeedsOrganizer)
            {
                // The engine cannot go on until the organizer acts: tell them, in the same save as the problem (once per version).
                await MeetingNotUpdated.AddAsync(db, meeting, clock.GetUtcNow(), cancellationToken);
            }

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
    /// A set-up whose request died mid-way (a crash, a kill, a client that gave up) and whose lease ran out: claim it (the
    /// set-up start is a concurrency token, so one worker wins), then finish it when the video meeting was recorded (the
    /// event is created with our own id, so one the dead request already made is taken, not doubled), or mark it failed when
    /// it was not (the calendar step comes after the video one, so nothing of ours is in the calendar).
    /// </summary>
    private async Task<ConvergeOutcome> TakeOverAsync(Meeting meeting, CancellationToken cancellationToken)
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

        LogTakeOver(meeting.Id);
        var platform = PlatformOf(meeting);
        if (VideoAdapter(platform) is { } video && meeting.ProviderMeetingId is null)
        {
            // The dead worker may have died between the provider making the video meeting and our saving its id: ask the
            // provider for a meeting made for this one (every create carries the meeting's tag) and adopt it, never make a second.
            var found = await video.FindMeetingMadeForAsync(meeting.OrganizerId, VideoRequest(meeting), cancellationToken);
            if (!found.IsSuccess)
            {
                // Unknown whether one exists: the set-up stays claimed (the lease just taken) and the sweep asks again once it runs out.
                LogSearchFailed(meeting.Id, video.DisplayName, found.Failure!.Kind);
                DetachAll();
                return new ConvergeOutcome(ConvergeState.RetryLater, found.Failure.RetryAfter, found.Failure.Message);
            }

            if (found.Value is not { } adopted)
            {
                meeting.MarkFailed($"Setting up this meeting was interrupted before {video.DisplayName} confirmed it. Nothing was scheduled; please schedule it again.");
                await db.SaveChangesAsync(CancellationToken.None);
                DetachAll();
                return ConvergeOutcome.Done;
            }

            LogAdopted(meeting.Id, video.DisplayName);
            meeting.RecordVideoMeeting(adopted.ProviderMeetingId, adopted.JoinUrl);
            if (!await SaveHoldingLeaseAsync(cancellationToken))
            {
                return ConvergeOutcome.Done; // the stalled first worker finished after all: the meeting is its to complete
            }
        }

        var outcome = await ProvisionAsync(meeting, await CalendarForAsync(meeting, cancellationToken), takenOver: true, cancellationToken);
        DetachAll();
        return outcome;
    }

    private async Task<ConvergeOutcome> ProvisionAsync(Meeting meeting, ICalendarProvider? calendar, bool takenOver, CancellationToken cancellationToken)
    {
        var platform = PlatformOf(meeting);
        var video = VideoAdapter(platform);
        if (calendar is null)
        {
            return await FailAsync(meeting, video, madeEvent: null, takenOver,
                Error.Validation("meeting.connection_required", "Connect a calendar to schedule this meeting. Nothing was created.", "Platform"), cancellationToken);
        }

        if (video is not null && meeting.ProviderMeetingId is null)
        {
            var created = await video.CreateMeetingAsync(meeting.OrganizerId, VideoRequest(meeting), cancellationToken);
            if (!created.IsSuccess)
            {
                return await FailAsync(meeting, video: null, madeEvent: null, takenOver, ProviderError(video.DisplayName, created.Failure!), cancellationToken);
            }

            meeting.RecordVideoMeeting(created.Value!.ProviderMeetingId, created.Value.JoinUrl);
            // Saved before the calendar step: if the process dies now, we still know which video meeting to clean up.
            if (!await SaveHoldingLeaseAsync(cancellationToken))
            {
                // Our lease ran out and another worker took the meeting over: give back what we made, unless it adopted it.
                await GiveBackAsync(meeting.Id, meeting.OrganizerId, (video, created.Value.ProviderMeetingId), madeEvent: null);
                return new ConvergeOutcome(ConvergeState.RetryLater, TimeSpan.FromSeconds(10));
            }
        }

        var request = EventRequest(meeting, platform, createConference: platform.UsesCalendarConference);
        var inserted = await calendar.CreateEventAsync(meeting.OrganizerId, request, cancellationToken);
        if (inserted.Failure?.Kind == ProviderFailureKind.Conflict)
        {
            // An earlier try created it (the id is ours): take that event instead of making a second one.
            inserted = await calendar.GetEventAsync(meeting.OrganizerId, request.EventId, cancellationToken);
        }

        if (!inserted.IsSuccess)
        {
            // The event may exist although no answer said so (a taken-over set-up's dead worker made it, or the calendar made
            // it and its answer was lost: a timeout, a 5xx after the fact): its id is unknown here, so the undo looks for it.
            var mayExist = takenOver || inserted.Failure!.Kind == ProviderFailureKind.Transient;
            return await FailAsync(meeting, video, mayExist ? (calendar, null) : null, takenOver, ProviderError(calendar.DisplayName, inserted.Failure!), cancellationToken);
        }

        // A calendar that gives events ids of its own answered one: every later step (and an undo below) uses it.
        meeting.RecordCalendarEvent(inserted.Value!.EventId, inserted.Value.ICalUid);

        var joinUrl = meeting.JoinUrl;
        if (platform.UsesCalendarConference)
        {
            joinUrl = await WaitForConferenceAsync(calendar, meeting, inserted.Value!, cancellationToken);
            if (joinUrl is null)
            {
                return await FailAsync(meeting, video, (calendar, inserted.Value.EventId), takenOver,
                    Error.Unavailable("meeting.conference_not_ready", $"{platform.DisplayName} did not create the video link in time. Nothing was scheduled; please try again."),
                    cancellationToken);
            }
        }

        meeting.MarkScheduled(joinUrl!, inserted.Value!.ETag, inserted.Value.ICalUid);
        if (await SaveHoldingLeaseAsync(cancellationToken))
        {
            return ConvergeOutcome.Done;
        }

        // Stalled past our lease: the worker that took over owns the meeting now. The event we just made may have landed after
        // it gave up and undid its side; then nobody else knows of it.
        await GiveBackAsync(meeting.Id, meeting.OrganizerId, madeVideo: null, (calendar, inserted.Value.EventId));
        return new ConvergeOutcome(ConvergeState.RetryLater, TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// A worker that lost its lease (it stalled; another took the set-up over) gives back what it made and the meeting as now
    /// saved does not hold: a video meeting the taker did not adopt, an event of a meeting that ended up failed. While the taker
    /// has not settled (still setting up without a video meeting, perhaps searching for ours right now) it waits a little,
    /// since deleting a video meeting the taker is adopting would leave a scheduled meeting with a dead link; still unsettled
    /// after that, it keeps what it made (a scheduled meeting uses it; a failed one that adopted it gives it back with its failure).
    /// </summary>
    private async Task GiveBackAsync(Guid meetingId, Guid organizerId, (IVideoMeetingProvider Adapter, string Id)? madeVideo, (ICalendarProvider Adapter, string Id)? madeEvent)
    {
        DetachAll();
        for (var attempt = 0; ; attempt++)
        {
            var now = await db.Meetings.AsNoTracking().Where(m => m.Id == meetingId)
                .Select(m => new { m.Status, m.ProviderMeetingId, m.CalendarEventId }).FirstOrDefaultAsync(CancellationToken.None);
            var settled = now is null || now.Status != MeetingStatus.Scheduling || (madeVideo is not null && now.ProviderMeetingId is not null);
            if (!settled && attempt < GiveBackPolls)
            {
                await Task.Delay(GiveBackPollInterval, clock, CancellationToken.None);
                continue;
            }

            if (!settled)
            {
                LogGiveBackUnsettled(meetingId);
                return;
            }

            // Each is saved as owed before it is deleted: if the provider does not answer (or this process dies), the job does it.
            if (madeVideo is { } video && now?.ProviderMeetingId != video.Id)
            {
                await GiveBackOneAsync(ProviderUndo.VideoMeeting(meetingId, organizerId, video.Adapter.Key, video.Id, clock.GetUtcNow()), video.Adapter.DisplayName);
            }

            if (madeEvent is { } calendarEvent && now?.Status is null or MeetingStatus.Failed)
            {
                await GiveBackOneAsync(ProviderUndo.CalendarEvent(meetingId, organizerId, calendarEvent.Adapter.Provider, calendarEvent.Id, clock.GetUtcNow()),
                    calendarEvent.Adapter.DisplayName);
            }

            return;
        }
    }

    private async Task GiveBackOneAsync(ProviderUndo undo, string provider)
    {
        db.ProviderUndos.Add(undo);
        await db.SaveChangesAsync(CancellationToken.None);
        LogGaveBack(undo.MeetingId, provider, await undos.RunAsync(undo, CancellationToken.None));
    }

    /// <summary>
    /// Fails a set-up and undoes it: the video meeting, and the calendar event where one may exist (a taken-over meeting's first
    /// worker may have made it unseen, a create's answer may have been lost, a conference never got ready). The failure is saved under the lease first and only
    /// then is anything deleted, so a worker that stalled past its lease learns that it lost the meeting before it could
    /// delete a video meeting the worker that took over is using; it then gives back only what that worker does not use.
    /// Both are saved as <see cref="ProviderUndo"/> rows with the failure and tried at once; whatever the provider does not
    /// give back now (or a crash interrupts) the background job retries, with back-off and a give-up.
    /// </summary>
    /// <param name="madeEvent">The calendar event to undo, with the id the calendar answered, or null when no answer came (it is looked for).</param>
    private async Task<ConvergeOutcome> FailAsync(Meeting meeting, IVideoMeetingProvider? video, (ICalendarProvider Calendar, string? EventId)? madeEvent, bool takenOver,
        Error error, CancellationToken cancellationToken)
    {
        (IVideoMeetingProvider Adapter, string Id)? madeVideo = video is not null && meeting.ProviderMeetingId is { } providerMeetingId ? (video, providerMeetingId) : null;
        meeting.MarkFailed(error.Message);
        // What to give back is saved with the failure: if a provider does not answer now (or this process dies before it
        // asks, or before it records the answer), the background job deletes it later.
        var eventUndo = madeEvent is { } made ? ProviderUndo.CalendarEvent(meeting.Id, meeting.OrganizerId, made.Calendar.Provider, made.EventId, clock.GetUtcNow()) : null;
        if (eventUndo is not null)
        {
            db.ProviderUndos.Add(eventUndo);
        }

        var videoUndo = madeVideo is { } toGiveBack ? meeting.GiveBackVideoMeeting(toGiveBack.Adapter.Key, clock.GetUtcNow()) : null;
        if (videoUndo is not null)
        {
            db.ProviderUndos.Add(videoUndo);
        }

        // Not cancellable: the outcome must be recorded even if the user gave up waiting.
        if (!await SaveHoldingLeaseAsync(CancellationToken.None))
        {
            await GiveBackAsync(meeting.Id, meeting.OrganizerId, madeVideo,
                madeEvent is { EventId: { } answeredId } known ? (known.Calendar, answeredId) : null);
            return new ConvergeOutcome(ConvergeState.RetryLater, TimeSpan.FromSeconds(10));
        }

        if (takenOver)
        {
            LogTakenOverFailed(meeting.Id, error.Message);
        }

        if (eventUndo is not null)
        {
            await undos.RunAsync(eventUndo, CancellationToken.None);
        }

        if (videoUndo is not null)
        {
            await undos.RunAsync(videoUndo, CancellationToken.None);
        }

        return new ConvergeOutcome(ConvergeState.InStep, Failure: error);
    }

    /// <summary>Saves a meeting being set up; false when another worker took it over meanwhile (the lease is a concurrency token).</summary>
    private async Task<bool> SaveHoldingLeaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            DetachAll();
            return false;
        }
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

    public static Error ProviderError(string provider, ProviderFailure failure) => failure.Kind switch
    {
        ProviderFailureKind.NotConnected => Error.Validation("meeting.connection_required",
            $"Link your {provider} account to schedule this meeting. Nothing was created.", "Platform"),
        ProviderFailureKind.ReconnectNeeded => Error.Validation("meeting.reconnect_required",
            $"{provider} no longer accepts InsightGig's access: reconnect {provider} and try again. Nothing was created.", "Platform"),
        ProviderFailureKind.Transient => Error.Unavailable("meeting.provider_unavailable",
            $"{provider} is not answering right now. Nothing was created; please try again in a moment."),
        // The provider's own words and figures (from its unit), then what the organizer can do now.
        ProviderFailureKind.QuotaExhausted => Error.Validation("meeting.provider_quota_exhausted",
            $"{failure.Message} Nothing was created: choose another platform, or schedule it then.", "Platform"),
        _ => Error.Validation("meeting.provider_refused", $"{provider} refused the meeting: {failure.Message} Nothing was created."),
    };

    /// <summary>
    /// A failed meeting that still names its video meeting (left so by a build from before its undo was a
    /// <see cref="ProviderUndo"/>): hand it to that mechanism, in one save, and try it at once; the background job retries
    /// what the provider does not answer now, with back-off and a give-up, so the meetings sweep has nothing more to do here.
    /// </summary>
    private async Task<ConvergeOutcome> HandOverVideoUndoAsync(Meeting meeting, CancellationToken cancellationToken)
    {
        var video = VideoAdapter(PlatformOf(meeting))
            ?? throw new InvalidOperationException($"Meeting {meeting.Id} names a video meeting, but its platform '{meeting.PlatformKey}' has no video provider.");
        var undo = meeting.GiveBackVideoMeeting(video.Key, clock.GetUtcNow());
        db.ProviderUndos.Add(undo);
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            DetachAll(); // changed meanwhile: read it again
            return new ConvergeOutcome(ConvergeState.RetryLater, TimeSpan.Zero);
        }

        await undos.RunAsync(undo, cancellationToken);
        DetachAll();
        return ConvergeOutcome.Done;
    }

    /// <summary>One pass over both sides; null when both steps succeeded.</summary>
    private async Task<ConvergeOutcome?> StepAsync(Meeting meeting, CancellationToken cancellationToken)
    {
        var version = meeting.Version;
        var platform = PlatformOf(meeting);
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
        if (VideoAdapter(platform) is not { } video)
        {
            // The calendar's own conference lives in the event; there is no separate video meeting to update.
            meeting.VideoSynced(version, null, null);
            return null;
        }

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

        var request = VideoRequest(meeting);
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
        var calendar = await CalendarForAsync(meeting, cancellationToken);
        if (calendar is null)
        {
            const string NoCalendar = "Connect the calendar that holds this meeting's invite to finish this change.";
            meeting.ReportSyncProblem(NoCalendar);
            return new ConvergeOutcome(ConvergeState.NeedsOrganizer, Problem: NoCalendar);
        }

        var version = meeting.Version;
        var eventId = meeting.CalendarEventId!;
        if (meeting.Status == MeetingStatus.Cancelled)
        {
            var cancelled = await calendar.CancelEventAsync(meeting.OrganizerId, eventId, meeting.CancellationNote, cancellationToken);
            if (!cancelled.IsSuccess)
            {
                return Problem(meeting, calendar.DisplayName, cancelled.Failure!);
            }

            meeting.CalendarSynced(version, null);
            return null;
        }

        var updated = await calendar.UpdateEventAsync(meeting.OrganizerId, EventRequest(meeting, platform, createConference: false), cancellationToken);
        if (updated.IsSuccess && updated.Value!.Status != "cancelled")
        {
            meeting.CalendarSynced(version, updated.Value.ETag, updated.Value.ICalUid);
            return null;
        }

        if (updated.IsSuccess || updated.Failure!.Kind == ProviderFailureKind.NotFound)
        {
            // The organizer deleted the event by hand in their calendar: honour it as a cancellation from there.
            meeting.Cancel(null, null, ChangeSource.OrganizerCalendar, clock.GetUtcNow(), calendar.DisplayName);
            return null;
        }

        return Problem(meeting, calendar.DisplayName, updated.Failure!);
    }

    private ConvergeOutcome Problem(Meeting meeting, string provider, ProviderFailure failure)
    {
        if (failure.Kind == ProviderFailureKind.QuotaExhausted)
        {
            // Saved, and applied once the provider's allowance resets: the job and the sweep both wait until then.
            var resetsIn = failure.RetryAfter ?? TimeSpan.FromHours(1);
            meeting.DeferSyncUntil(clock.GetUtcNow() + resetsIn, failure.Message);
            return new ConvergeOutcome(ConvergeState.RetryLater, resetsIn, failure.Message);
        }

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

    private static VideoMeetingRequest VideoRequest(Meeting meeting) =>
        new(meeting.Title, meeting.Description, meeting.StartUtc, meeting.Duration, meeting.TimeZoneId, meeting.Id);

    /// <summary>The event's full desired state; the join link goes in the location unless the calendar hosts the conference.</summary>
    internal static CalendarEventRequest EventRequest(Meeting meeting, MeetingPlatform platform, bool createConference) =>
        new(meeting.CalendarEventId!, meeting.Title, CalendarText.Description(meeting, platform), platform.UsesCalendarConference ? null : meeting.JoinUrl,
            meeting.StartUtc, meeting.EndUtc, meeting.TimeZoneId, [.. meeting.Participants.Select(p => new CalendarAttendee(p.Email, p.FullName))],
            CreateConference: createConference, HideGuestList: meeting.HideGuestList);

    private MeetingPlatform PlatformOf(Meeting meeting) =>
        catalog.Platform(meeting.PlatformKey) ?? throw new InvalidOperationException($"Meeting {meeting.Id} is on platform '{meeting.PlatformKey}', which no provider unit registers.");

    private IVideoMeetingProvider? VideoAdapter(MeetingPlatform platform) =>
        platform.VideoProvider is not { } key ? null
            : videoProviders.SingleOrDefault(v => v.Key == key)
                ?? throw new InvalidOperationException($"Platform {platform.Key} names video provider {key}, which is not registered.");

    private ICalendarProvider CalendarAdapter(string provider) =>
        calendars.SingleOrDefault(c => c.Provider == provider)
            ?? throw new InvalidOperationException($"No calendar adapter is registered for '{provider}'.");

    /// <summary>
    /// The calendar holding the meeting's event: the connection the meeting names (a meeting made before meetings named one:
    /// the organizer's invite calendar). Null when the organizer has no such connection any more.
    /// </summary>
    private async Task<ICalendarProvider?> CalendarForAsync(Meeting meeting, CancellationToken cancellationToken)
    {
        string? provider;
        if (meeting.CalendarConnectionId is { } connectionId)
        {
            provider = await db.ProviderConnections.AsNoTracking().Where(c => c.Id == connectionId).Select(c => c.Provider).FirstOrDefaultAsync(cancellationToken);
        }
        else
        {
            var calendarKeys = catalog.Calendars.Select(c => c.Key).ToList();
            var connections = await db.ProviderConnections.AsNoTracking()
                .Where(c => c.PersonId == meeting.OrganizerId && calendarKeys.Contains(c.Provider))
                .ToListAsync(cancellationToken);
            provider = InviteCalendars.Pick(connections)?.Provider;
        }

        return provider is null ? null : CalendarAdapter(provider);
    }

    private void DetachAll()
    {
        if (db is DbContext context)
        {
            context.ChangeTracker.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meeting {MeetingId}: this worker stalled past its lease; it gave back what it made at {Provider} (deleted now: {Deleted}; otherwise the undo job retries it)")]
    private partial void LogGaveBack(Guid meetingId, string provider, bool deleted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meeting {MeetingId}: this worker stalled past its lease and the worker that took over has not settled; keeping what it made")]
    private partial void LogGiveBackUnsettled(Guid meetingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meeting {MeetingId} was left being set up past its lease (its worker died); taking it over")]
    private partial void LogTakeOver(Guid meetingId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meeting {MeetingId}, taken over: {Provider} had made its video meeting before the first worker died; adopting it")]
    private partial void LogAdopted(Guid meetingId, string provider);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meeting {MeetingId}, taken over: could not ask {Provider} for a video meeting made for it ({Kind}); trying again after the lease")]
    private partial void LogSearchFailed(Guid meetingId, string provider, ProviderFailureKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Meeting {MeetingId}, taken over, could not be set up and was undone: {Reason}")]
    private partial void LogTakenOverFailed(Guid meetingId, string reason);
}
