using InsightGig.Domain.Common;

namespace InsightGig.Domain.Meetings;

/// <summary>
/// A video meeting scheduled in InsightGig. Guards its own rules (times, length, participants);
/// who may be invited from which context is checked by the use case that knows the context.
/// </summary>
public sealed class Meeting : Entity
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 8000;

    /// <summary>A SHA-256 in hex.</summary>
    public const int SubmissionFingerprintLength = 64;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    private readonly List<MeetingParticipant> _participants = [];
    private readonly List<MeetingChange> _history = [];
    private readonly List<MeetingProposal> _proposals = [];

    private Meeting()
    {
    }

    private Meeting(Guid id, Guid organizerId, MeetingContextKind contextKind, Guid contextId, string platformKey, Guid? calendarConnectionId, string title,
        string description, DateTimeOffset startUtc, DateTimeOffset endUtc, string timeZoneId, DateTimeOffset createdAtUtc) : base(id)
    {
        CalendarEventId = CalendarEventIdFor(id);
        OrganizerId = organizerId;
        ContextKind = contextKind;
        ContextId = contextId;
        PlatformKey = platformKey;
        CalendarConnectionId = calendarConnectionId;
        Title = title;
        Description = description;
        StartUtc = startUtc;
        EndUtc = endUtc;
        TimeZoneId = timeZoneId;
        CreatedAtUtc = createdAtUtc;
        Status = MeetingStatus.Scheduling;
        SetUpStartedAtUtc = createdAtUtc;
    }

    public Guid OrganizerId { get; private set; }

    public MeetingContextKind ContextKind { get; private set; }

    public Guid ContextId { get; private set; }

    /// <summary>Key of the platform chosen in the dialog (for example "zoom", "google-meet").</summary>
    public string PlatformKey { get; private set; } = string.Empty;

    /// <summary>The organizer's calendar connection that holds the meeting's event (and so everyone's invite).</summary>
    public Guid? CalendarConnectionId { get; private set; }

    public string Title { get; private set; } = string.Empty;

    public string Description { get; private set; } = string.Empty;

    public DateTimeOffset StartUtc { get; private set; }

    public DateTimeOffset EndUtc { get; private set; }

    /// <summary>The organizer's IANA zone when scheduling; the provider is told this zone.</summary>
    public string TimeZoneId { get; private set; } = "UTC";

    public MeetingStatus Status { get; private set; }

    public string? JoinUrl { get; private set; }

    public string? ProviderMeetingId { get; private set; }

    public string? CalendarEventId { get; private set; }

    /// <summary>
    /// The event's iCalendar UID as its calendar reports it (a calendar may name its events differently from their id), so
    /// an .ics we serve or mail updates the copy the provider's invite made instead of adding a second one. Null until the
    /// calendar has told us.
    /// </summary>
    public string? CalendarEventUid { get; private set; }

    public const int CalendarEventUidMaxLength = 1024;

    public DateTimeOffset CreatedAtUtc { get; private set; }

    /// <summary>Why scheduling failed, in words for the organizer.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>
    /// While <see cref="MeetingStatus.Scheduling"/>: when the current attempt to set the meeting up at the providers started
    /// (the scheduling request, or a takeover by the sweep). An attempt older than the lease is presumed dead (its process
    /// crashed or gave up) and may be taken over. Null once the meeting is Scheduled or Failed.
    /// </summary>
    public DateTimeOffset? SetUpStartedAtUtc { get; private set; }

    public IReadOnlyList<MeetingParticipant> Participants => _participants;

    /// <summary>What happened to the meeting, oldest first.</summary>
    public IReadOnlyList<MeetingChange> History => _history;

    /// <summary>Participants' proposals of a new time, open and closed, oldest first (one open per participant).</summary>
    public IReadOnlyList<MeetingProposal> Proposals => _proposals;

    /// <summary>Answers given in InsightGig that participants' own calendars do not carry yet.</summary>
    public bool HasAnswersToWrite => _participants.Exists(p => p.AnswerToWrite);

    /// <summary>
    /// The version of the desired state (title, description, times, participants, cancelled or not). Raised by every
    /// change; also the store's concurrency token, so a stale form cannot silently overwrite a newer change.
    /// </summary>
    public int Version { get; private set; }

    /// <summary>The desired-state version the video provider last confirmed.</summary>
    public int VideoSyncedVersion { get; private set; }

    /// <summary>The desired-state version the calendar event last confirmed.</summary>
    public int CalendarSyncedVersion { get; private set; }

    /// <summary>The calendar event's etag after our last write, so our own change is not read back as a change made there.</summary>
    public string? CalendarEtag { get; private set; }

    /// <summary>Why the providers are not in step yet, in words for the organizer (for example "reconnect your video account to finish this change").</summary>
    public string? SyncProblem { get; private set; }

    /// <summary>
    /// A provider's allowance for the organizer is used up until then (a daily limit): the sweep leaves this meeting alone
    /// until that time, so convergence retries after the reset, not before.
    /// </summary>
    public DateTimeOffset? SyncNotBeforeUtc { get; private set; }

    /// <summary>
    /// Participants do not see each other in their invites (the calendar hides the guest list from guests): what an expert
    /// network promises its experts and clients. Only the organizer's invite lists everyone.
    /// </summary>
    public bool HideGuestList { get; private set; }

    public string? CancellationNote { get; private set; }

    public DateTimeOffset? CancelledAtUtc { get; private set; }

    /// <summary>
    /// A hash of what the form that created the meeting said (<see cref="SubmissionFingerprintLength"/> hex characters): its
    /// idempotency key finds this meeting again only with the same details. Null for meetings made before it was kept.
    /// </summary>
    public string? SubmissionFingerprint { get; private set; }

    /// <summary>True while a change is saved here but not yet confirmed by both providers.</summary>
    public bool IsConverging => Status is MeetingStatus.Scheduled or MeetingStatus.Cancelled
        && (VideoSyncedVersion < Version || CalendarSyncedVersion < Version);

    public TimeSpan Duration => EndUtc - StartUtc;

    /// <summary>Keeps the fingerprint of the submission that created the meeting (set once, before it is first saved).</summary>
    public void RecordSubmission(string fingerprint)
    {
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        if (fingerprint.Length != SubmissionFingerprintLength)
        {
            throw new ArgumentException($"A submission fingerprint has {SubmissionFingerprintLength} characters.", nameof(fingerprint));
        }

        if (SubmissionFingerprint is not null && SubmissionFingerprint != fingerprint)
        {
            throw new InvalidOperationException("The meeting already has the fingerprint of the submission that created it.");
        }

        SubmissionFingerprint = fingerprint;
    }

    /// <summary>Creates a meeting in <see cref="MeetingStatus.Scheduling"/>, or says why it cannot exist.</summary>
    /// <param name="calendarConnectionId">The organizer's calendar connection that will hold the event.</param>
    public static Result<Meeting> Schedule(Guid id, Guid organizerId, MeetingContextKind contextKind, Guid contextId, string platformKey,
        string title, string? description, DateTimeOffset startUtc, DateTimeOffset endUtc, string timeZoneId,
        IReadOnlyCollection<(Guid PersonId, string Email, string FullName)> participants, DateTimeOffset nowUtc, Guid? calendarConnectionId = null,
        bool hideGuestList = false)
    {
        ArgumentNullException.ThrowIfNull(participants);
        var errors = new List<Error>();
        var trimmedTitle = title?.Trim() ?? string.Empty;
        if (trimmedTitle.Length == 0)
        {
            errors.Add(Error.Validation("meeting.title_required", "Enter a title.", "Title"));
        }
        else if (trimmedTitle.Length > TitleMaxLength)
        {
            errors.Add(Error.Validation("meeting.title_too_long", $"The title can have at most {TitleMaxLength} characters.", "Title"));
        }

        var trimmedDescription = description?.Trim() ?? string.Empty;
        if (trimmedDescription.Length > DescriptionMaxLength)
        {
            errors.Add(Error.Validation("meeting.description_too_long", $"The description can have at most {DescriptionMaxLength} characters.", "Description"));
        }

        errors.AddRange(CheckTimes(startUtc, endUtc, nowUtc));
        if (participants.Count == 0)
        {
            errors.Add(Error.Validation("meeting.participants_required", "Choose at least one participant.", "Participants"));
        }

        if (participants.Any(p => p.PersonId == organizerId))
        {
            errors.Add(Error.Validation("meeting.organizer_as_participant", "You are the organizer; choose the other participants.", "Participants"));
        }

        if (errors.Count > 0)
        {
            return Result<Meeting>.Failure(errors);
        }

        var meeting = new Meeting(id, organizerId, contextKind, contextId, platformKey, calendarConnectionId, trimmedTitle, trimmedDescription, startUtc, endUtc, timeZoneId, nowUtc)
        {
            HideGuestList = hideGuestList,
        };
        foreach (var (personId, email, fullName) in participants.DistinctBy(p => p.PersonId))
        {
            meeting._participants.Add(new MeetingParticipant(personId, email, fullName));
        }

        return meeting;
    }

    /// <summary>The time rules shared by scheduling and rescheduling.</summary>
    public static IReadOnlyList<Error> CheckTimes(DateTimeOffset startUtc, DateTimeOffset endUtc, DateTimeOffset nowUtc)
    {
        var errors = new List<Error>();
        if (startUtc <= nowUtc)
        {
            errors.Add(Error.Validation("meeting.start_in_past", "The start must be in the future.", "Start"));
        }

        if (endUtc <= startUtc)
        {
            errors.Add(Error.Validation("meeting.end_before_start", "The end must be after the start.", "End"));
        }
        else if (endUtc - startUtc > MaxDuration)
        {
            errors.Add(Error.Validation("meeting.too_long", "A meeting can last at most 24 hours.", "End"));
        }

        return errors;
    }

    /// <summary>
    /// The calendar event id we choose ourselves (lowercase base32hex, as Calendar requires), so a retried insert
    /// finds the event of the first try instead of making a second one.
    /// </summary>
    public static string CalendarEventIdFor(Guid meetingId) => "ig" + meetingId.ToString("N");

    /// <summary>
    /// The calendar made the event and answered its id: ours (<see cref="CalendarEventIdFor"/>) where the calendar takes the
    /// id we choose, else the calendar's own, which every later change, the undo and the read-back use.
    /// </summary>
    /// <param name="iCalUid">The event's iCalendar UID in the calendar, if it has one of its own (the .ics uses it).</param>
    public void RecordCalendarEvent(string calendarEventId, string? iCalUid = null)
    {
        EnsureScheduling();
        CalendarEventId = Guard.NotBlank(calendarEventId, CalendarEventIdMaxLength, nameof(calendarEventId));
        RecordCalendarEventUid(iCalUid);
    }

    /// <summary>The longest calendar event id kept (Outlook's ids are about 150 characters; Calendar's ours).</summary>
    public const int CalendarEventIdMaxLength = 1024;

    /// <summary>The video provider made its meeting; recorded before the calendar step so it can be undone if that fails.</summary>
    public void RecordVideoMeeting(string providerMeetingId, string joinUrl)
    {
        EnsureScheduling();
        ProviderMeetingId = Guard.NotBlank(providerMeetingId, 200, nameof(providerMeetingId));
        JoinUrl = Guard.NotBlank(joinUrl, 2048, nameof(joinUrl));
    }

    /// <summary>Every provider step succeeded; the meeting is live with <paramref name="joinUrl"/>.</summary>
    public void MarkScheduled(string joinUrl, string? calendarEtag = null, string? calendarEventUid = null)
    {
        EnsureScheduling();
        RecordCalendarEventUid(calendarEventUid);
        JoinUrl = Guard.NotBlank(joinUrl, 2048, nameof(joinUrl));
        Status = MeetingStatus.Scheduled;
        SetUpStartedAtUtc = null;
        CalendarEtag = calendarEtag;
        VideoSyncedVersion = Version;
        CalendarSyncedVersion = Version;
        AddHistory(CreatedAtUtc, OrganizerId, ChangeSource.InsightGig, "Scheduled");
    }

    /// <summary>
    /// A provider refused. A video meeting the set-up made is still named (<see cref="ProviderMeetingId"/>) until it is handed
    /// to its undo (<see cref="GiveBackVideoMeeting"/>), in the same save.
    /// </summary>
    public void MarkFailed(string reason)
    {
        EnsureScheduling();
        FailureReason = Guard.Optional(reason, 1000, nameof(reason));
        Status = MeetingStatus.Failed;
        SetUpStartedAtUtc = null;
    }

    /// <summary>True when the meeting is still being set up by an attempt that started before <paramref name="startedBeforeUtc"/> (its lease ran out).</summary>
    public bool SetUpAbandoned(DateTimeOffset startedBeforeUtc) =>
        Status == MeetingStatus.Scheduling && (SetUpStartedAtUtc is null || SetUpStartedAtUtc < startedBeforeUtc);

    /// <summary>
    /// Another worker takes over a set-up whose lease ran out: the lease starts again from <paramref name="nowUtc"/>. The
    /// start time is a concurrency token, so of two workers taking over at once only one can save this.
    /// </summary>
    public void TakeOverSetUp(DateTimeOffset nowUtc)
    {
        EnsureScheduling();
        SetUpStartedAtUtc = nowUtc;
    }

    /// <summary>
    /// A failed set-up gives back its video meeting: the meeting names it no more, and the <see cref="ProviderUndo"/> answered
    /// (to be saved with this change) deletes it at <paramref name="videoProvider"/>, retried with back-off until it answers.
    /// </summary>
    public ProviderUndo GiveBackVideoMeeting(string videoProvider, DateTimeOffset nowUtc)
    {
        if (Status != MeetingStatus.Failed || ProviderMeetingId is not { } providerMeetingId)
        {
            throw new InvalidOperationException($"Only a failed meeting that still names its video meeting gives it back; this one is {Status}.");
        }

        ProviderMeetingId = null;
        return ProviderUndo.VideoMeeting(Id, OrganizerId, videoProvider, providerMeetingId, nowUtc);
    }

    /// <summary>A failed meeting that still names its video meeting: left so by a build from before its undo was a <see cref="ProviderUndo"/>; the sweep hands it over.</summary>
    public bool NeedsCleanup => Status == MeetingStatus.Failed && ProviderMeetingId is not null;

    private void EnsureScheduling()
    {
        if (Status != MeetingStatus.Scheduling)
        {
            throw new InvalidOperationException($"Only a meeting being scheduled can change this way (it is {Status}).");
        }
    }

    /// <summary>Moves the meeting. The providers follow (converge) after this is saved.</summary>
    public Result Reschedule(DateTimeOffset startUtc, DateTimeOffset endUtc, Guid byPersonId, DateTimeOffset nowUtc)
    {
        if (EnsureChangeable() is { } notChangeable)
        {
            return notChangeable;
        }

        var errors = CheckTimes(startUtc, endUtc, nowUtc);
        if (errors.Count > 0)
        {
            return Result.Failure(errors);
        }

        if (startUtc == StartUtc && endUtc == EndUtc)
        {
            return Result.Success();
        }

        StartUtc = startUtc;
        EndUtc = endUtc;
        CloseOpenProposals(nowUtc);
        Changed(nowUtc, byPersonId, ChangeSource.InsightGig, "Rescheduled");
        return Result.Success();
    }

    /// <summary>Changes the title and description, and (on a project meeting) who takes part, and whether the guest list is hidden.</summary>
    /// <param name="hideGuestList">Null keeps the guest list as it is.</param>
    public Result EditDetails(string title, string? description, IReadOnlyCollection<(Guid PersonId, string Email, string FullName)>? participants,
        Guid byPersonId, DateTimeOffset nowUtc, bool? hideGuestList = null)
    {
        if (EnsureChangeable() is { } notChangeable)
        {
            return notChangeable;
        }

        var errors = new List<Error>();
        var newTitle = title?.Trim() ?? string.Empty;
        if (newTitle.Length == 0)
        {
            errors.Add(Error.Validation("meeting.title_required", "Enter a title.", "Title"));
        }
        else if (newTitle.Length > TitleMaxLength)
        {
            errors.Add(Error.Validation("meeting.title_too_long", $"The title can have at most {TitleMaxLength} characters.", "Title"));
        }

        var newDescription = description?.Trim() ?? string.Empty;
        if (newDescription.Length > DescriptionMaxLength)
        {
            errors.Add(Error.Validation("meeting.description_too_long", $"The description can have at most {DescriptionMaxLength} characters.", "Description"));
        }

        if (participants is not null && (participants.Count == 0 || participants.Any(p => p.PersonId == OrganizerId)))
        {
            errors.Add(Error.Validation("meeting.participants_required", "Choose at least one collaborator other than yourself.", "Participants"));
        }

        if (errors.Count > 0)
        {
            return Result.Failure(errors);
        }

        var what = new List<string>();
        if (newTitle != Title || newDescription != Description)
        {
            Title = newTitle;
            Description = newDescription;
            what.Add("details");
        }

        if (participants is not null)
        {
            var wanted = participants.DistinctBy(p => p.PersonId).ToList();
            var removed = _participants.RemoveAll(p => wanted.All(w => w.PersonId != p.PersonId));
            var added = 0;
            foreach (var (personId, email, fullName) in wanted.Where(w => _participants.All(p => p.PersonId != w.PersonId)))
            {
                _participants.Add(new MeetingParticipant(personId, email, fullName));
                added++;
            }

            if (added + removed > 0)
            {
                what.Add("participants");
            }
        }

        string? guestList = null;
        if (hideGuestList is { } hide && hide != HideGuestList)
        {
            HideGuestList = hide;
            guestList = hide ? "Guest list hidden from participants" : "Guest list shown to participants";
        }

        if (what.Count > 0 || guestList is not null)
        {
            string[] summary = [.. what.Count > 0 ? ["Edited " + string.Join(" and ", what)] : Array.Empty<string>(), .. guestList is null ? [] : new[] { guestList }];
            Changed(nowUtc, byPersonId, ChangeSource.InsightGig, string.Join("; ", summary));
        }

        return Result.Success();
    }

    /// <summary>Cancels the meeting; the providers delete their meeting and event (with a cancellation email) after this is saved.</summary>
    /// <param name="calendarName">With <see cref="ChangeSource.OrganizerCalendar"/>: the calendar's name as people know it.</param>
    public Result Cancel(string? note, Guid? byPersonId, ChangeSource source, DateTimeOffset nowUtc, string? calendarName = null)
    {
        if (Status == MeetingStatus.Cancelled)
        {
            return Result.Success();
        }

        if (EnsureChangeable() is { } notChangeable)
        {
            return notChangeable;
        }

        var trimmed = note?.Trim();
        if (trimmed?.Length > 2000)
        {
            return Error.Validation("meeting.note_too_long", "The note can have at most 2000 characters.", "Note");
        }

        CancellationNote = string.IsNullOrEmpty(trimmed) ? null : trimmed;
        Status = MeetingStatus.Cancelled;
        CancelledAtUtc = nowUtc;
        CloseOpenProposals(nowUtc);
        var fromCalendar = source == ChangeSource.OrganizerCalendar;
        Changed(nowUtc, byPersonId, source, fromCalendar ? $"Cancelled in {CalendarName(calendarName)}" : "Cancelled", fromCalendar ? CalendarName(calendarName) : null);
        if (fromCalendar)
        {
            // The event is already gone or cancelled there; only the video meeting is left to remove.
            CalendarSyncedVersion = Version;
        }

        return Result.Success();
    }

    /// <summary>
    /// The organizer moved the event in their calendar (<paramref name="calendarName"/>): take the new times as the desired
    /// state. The calendar already has them; the video meeting follows.
    /// </summary>
    public bool MovedInCalendar(DateTimeOffset startUtc, DateTimeOffset endUtc, string? etag, DateTimeOffset nowUtc, string calendarName)
    {
        if (Status != MeetingStatus.Scheduled || endUtc <= startUtc || (startUtc == StartUtc && endUtc == EndUtc))
        {
            CalendarEtag = etag ?? CalendarEtag;
            return false;
        }

        StartUtc = startUtc;
        EndUtc = endUtc;
        CloseOpenProposals(nowUtc);
        Changed(nowUtc, null, ChangeSource.OrganizerCalendar, $"Moved in {CalendarName(calendarName)}", CalendarName(calendarName));
        CalendarSyncedVersion = Version;
        CalendarEtag = etag;
        return true;
    }

    /// <summary>
    /// A participant's RSVP as the organizer's calendar (<paramref name="calendarName"/>) reports it; answers whether their
    /// answer changed. Only a report that differs from the calendar's previous one is a new answer (the latest answer wins),
    /// so an answer given in InsightGig since is not undone by the same old report read again.
    /// </summary>
    public bool RecordResponse(string email, ResponseStatus response, DateTimeOffset nowUtc, string calendarName)
    {
        var participant = _participants.Find(p => string.Equals(p.Email, email, StringComparison.OrdinalIgnoreCase));
        return participant is not null && participant.ReportedByCalendar(response, nowUtc, CalendarName(calendarName));
    }

    /// <summary>
    /// A participant accepts or declines in InsightGig (withdrawing their open proposal, if any). Their own calendar is told
    /// after this is saved (<see cref="MeetingParticipant.AnswerToWrite"/>). The same answer again changes nothing.
    /// </summary>
    public Result Answer(Guid personId, ResponseStatus response, DateTimeOffset nowUtc)
    {
        if (response is not (ResponseStatus.Accepted or ResponseStatus.Declined))
        {
            throw new ArgumentOutOfRangeException(nameof(response), response, "An answer given in InsightGig is Accepted or Declined.");
        }

        if (Answerable(personId, nowUtc) is { } refused)
        {
            return refused;
        }

        var participant = _participants.Find(p => p.PersonId == personId)!;
        participant.AnswerInInsightGig(response, nowUtc);
        foreach (var open in _proposals.Where(p => p.IsOpen && p.PersonId == personId))
        {
            open.Close(ProposalStatus.Withdrawn, nowUtc);
        }

        return Result.Success();
    }

    /// <summary>
    /// A participant proposes a new time (with an optional note): held open for the organizer, replacing their earlier open
    /// proposal; their answer is Tentative meanwhile. The same proposal again changes nothing.
    /// </summary>
    public Result ProposeTime(Guid personId, DateTimeOffset startUtc, DateTimeOffset endUtc, string? note, DateTimeOffset nowUtc, Guid? proposalId = null)
    {
        if (Answerable(personId, nowUtc) is { } refused)
        {
            return refused;
        }

        var errors = new List<Error>(CheckTimes(startUtc, endUtc, nowUtc));
        var trimmed = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (trimmed?.Length > MeetingProposal.NoteMaxLength)
        {
            errors.Add(Error.Validation("proposal.note_too_long", $"The note can have at most {MeetingProposal.NoteMaxLength} characters.", "Note"));
        }

        if (errors.Count == 0 && startUtc == StartUtc && endUtc == EndUtc)
        {
            errors.Add(Error.Validation("proposal.same_time", "That is the meeting's time already: accept it instead, or propose another time.", "Start"));
        }

        if (errors.Count > 0)
        {
            return Result.Failure(errors);
        }

        var open = _proposals.Find(p => p.IsOpen && p.PersonId == personId);
        if (open is not null && open.StartUtc == startUtc && open.EndUtc == endUtc && open.Note == trimmed)
        {
            return Result.Success();
        }

        open?.Close(ProposalStatus.Replaced, nowUtc);
        _proposals.Add(new MeetingProposal(proposalId ?? Guid.NewGuid(), personId, startUtc, endUtc, trimmed, nowUtc));
        _participants.Find(p => p.PersonId == personId)!.AnswerInInsightGig(ResponseStatus.Tentative, nowUtc);
        return Result.Success();
    }

    /// <summary>
    /// The organizer accepts an open proposal: the meeting is rescheduled to its times (the providers follow) and the
    /// proposer's answer becomes Accepted. Accepting it again changes nothing.
    /// </summary>
    public Result AcceptProposal(Guid proposalId, Guid byPersonId, DateTimeOffset nowUtc)
    {
        var proposal = _proposals.Find(p => p.Id == proposalId);
        if (proposal is null)
        {
            return Error.NotFound("proposal");
        }

        if (proposal.Status == ProposalStatus.Accepted)
        {
            return Result.Success();
        }

        if (EnsureChangeable() is { } notChangeable)
        {
            return notChangeable;
        }

        if (!proposal.IsOpen)
        {
            return Error.Conflict("proposal.closed", ProposalClosedMessage(proposal.Status));
        }

        var errors = CheckTimes(proposal.StartUtc, proposal.EndUtc, nowUtc);
        if (errors.Count > 0)
        {
            return Error.Conflict("proposal.past", "The proposed time has already begun; dismiss this proposal or reschedule to another time.");
        }

        StartUtc = proposal.StartUtc;
        EndUtc = proposal.EndUtc;
        CloseOpenProposals(nowUtc);
        proposal.Close(ProposalStatus.Accepted, nowUtc);
        var proposer = _participants.Find(p => p.PersonId == proposal.PersonId);
        proposer?.AnswerInInsightGig(ResponseStatus.Accepted, nowUtc);
        // No name in the summary: the history is shown to every participant, and who sees whom is decided per viewer
        // from the participant list, which free text would bypass (an expert must not learn another participant's name).
        Changed(nowUtc, byPersonId, ChangeSource.InsightGig, "Rescheduled to a time a participant proposed");
        return Result.Success();
    }

    /// <summary>The organizer dismisses an open proposal; dismissing it again changes nothing.</summary>
    public Result DismissProposal(Guid proposalId, DateTimeOffset nowUtc)
    {
        var proposal = _proposals.Find(p => p.Id == proposalId);
        if (proposal is null)
        {
            return Error.NotFound("proposal");
        }

        if (proposal.Status == ProposalStatus.Dismissed)
        {
            return Result.Success();
        }

        if (!proposal.IsOpen)
        {
            return Error.Conflict("proposal.closed", ProposalClosedMessage(proposal.Status));
        }

        proposal.Close(ProposalStatus.Dismissed, nowUtc);
        return Result.Success();
    }

    /// <summary>The participant's own calendar carries their answer <paramref name="answerVersion"/>, or cannot carry it.</summary>
    public void AnswerWritten(Guid personId, int answerVersion) => _participants.Find(p => p.PersonId == personId)?.AnswerWritten(answerVersion);

    /// <summary>Why <paramref name="personId"/> cannot answer now; null when they can.</summary>
    private Error? Answerable(Guid personId, DateTimeOffset nowUtc)
    {
        if (personId == OrganizerId)
        {
            return Error.Validation("answer.organizer", "You organise this meeting, so there is nothing to answer: change it instead.");
        }

        if (!_participants.Exists(p => p.PersonId == personId))
        {
            return Error.NotFound("meeting");
        }

        return Status switch
        {
            MeetingStatus.Cancelled => Error.Conflict("answer.cancelled", "This meeting was cancelled, so it cannot be answered any more."),
            not MeetingStatus.Scheduled => Error.Conflict("answer.not_scheduled", "This meeting is not scheduled, so it cannot be answered."),
            _ when EndUtc <= nowUtc => Error.Conflict("answer.past", "This meeting is over, so it cannot be answered any more."),
            _ => null,
        };
    }

    private static string ProposalClosedMessage(ProposalStatus status) => status switch
    {
        ProposalStatus.Dismissed => "This proposal was dismissed.",
        ProposalStatus.Replaced => "The participant has proposed another time since: see their newer proposal.",
        ProposalStatus.Withdrawn => "The participant answered since, which withdrew this proposal.",
        _ => "This proposal is closed: the meeting was moved or cancelled since.",
    };

    private void CloseOpenProposals(DateTimeOffset nowUtc)
    {
        foreach (var open in _proposals.Where(p => p.IsOpen))
        {
            open.Close(ProposalStatus.Closed, nowUtc);
        }
    }

    /// <summary>The video provider now matches <paramref name="version"/>.</summary>
    public void VideoSynced(int version, string? providerMeetingId, string? joinUrl)
    {
        VideoSyncedVersion = Math.Max(VideoSyncedVersion, version);
        if (Status == MeetingStatus.Cancelled)
        {
            ProviderMeetingId = null;
            return;
        }

        if (providerMeetingId is not null && joinUrl is not null && providerMeetingId != ProviderMeetingId)
        {
            // The provider's meeting had been deleted on its side and was made again: the join link changed, so the
            // calendar event must be rewritten too.
            ProviderMeetingId = providerMeetingId;
            JoinUrl = joinUrl;
            AddHistory(LastChangeAtUtc, null, ChangeSource.Repair, "Video meeting recreated after it was deleted on the provider's side; new join link");
            CalendarSyncedVersion = Math.Min(CalendarSyncedVersion, Version - 1);
        }

        ClearProblemIfInStep();
    }

    /// <summary>The calendar event now matches <paramref name="version"/>.</summary>
    public void CalendarSynced(int version, string? etag, string? calendarEventUid = null)
    {
        RecordCalendarEventUid(calendarEventUid);
        CalendarSyncedVersion = Math.Max(CalendarSyncedVersion, version);
        CalendarEtag = etag ?? CalendarEtag;
        ClearProblemIfInStep();
    }

    /// <summary>Keeps the UID the calendar gave the event (it never changes; a blank or oversized one is ignored).</summary>
    private void RecordCalendarEventUid(string? calendarEventUid)
    {
        if (!string.IsNullOrWhiteSpace(calendarEventUid) && calendarEventUid.Length <= CalendarEventUidMaxLength)
        {
            CalendarEventUid = calendarEventUid.Trim();
        }
    }

    public void ReportSyncProblem(string problem) => SyncProblem = Guard.Optional(problem, 500, nameof(problem));

    /// <summary>A provider refuses until <paramref name="notBeforeUtc"/>, for the reason in <paramref name="problem"/>.</summary>
    public void DeferSyncUntil(DateTimeOffset notBeforeUtc, string problem)
    {
        ReportSyncProblem(problem);
        SyncNotBeforeUtc = notBeforeUtc;
    }

    private DateTimeOffset LastChangeAtUtc => _history.Count > 0 ? _history[^1].AtUtc : CreatedAtUtc;

    private void ClearProblemIfInStep()
    {
        if (VideoSyncedVersion >= Version && CalendarSyncedVersion >= Version)
        {
            SyncProblem = null;
        }
    }

    private Error? EnsureChangeable() => Status switch
    {
        MeetingStatus.Scheduled => null,
        MeetingStatus.Cancelled => Error.Conflict("meeting.cancelled", "This meeting was cancelled and cannot be changed."),
        _ => Error.Conflict("meeting.not_scheduled", "This meeting is not scheduled, so it cannot be changed."),
    };

    private void Changed(DateTimeOffset nowUtc, Guid? byPersonId, ChangeSource source, string summary, string? sourceName = null)
    {
        Version++;
        AddHistory(nowUtc, byPersonId, source, summary, sourceName);
    }

    private void AddHistory(DateTimeOffset atUtc, Guid? byPersonId, ChangeSource source, string summary, string? sourceName = null) =>
        _history.Add(new MeetingChange(_history.Count + 1, atUtc, byPersonId, source, summary, sourceName));

    private static string CalendarName(string? calendarName) => string.IsNullOrWhiteSpace(calendarName) ? "the calendar" : calendarName.Trim();

    public bool IsVisibleTo(Guid personId) => OrganizerId == personId || _participants.Exists(p => p.PersonId == personId);
}
