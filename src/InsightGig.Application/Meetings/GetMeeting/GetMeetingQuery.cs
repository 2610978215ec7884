using InsightGig.Application.Meetings.Scheduling;
using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using Mediator;

namespace InsightGig.Application.Meetings.GetMeeting;

/// <summary>
/// The meeting page (<c>/meetings/{id}</c>): everything its organizer and participants may see about one meeting, and what
/// the organizer needs to change it. Anyone else gets "not found", never "forbidden".
/// </summary>
public sealed record GetMeetingQuery(Guid MeetingId) : IQuery<Result<MeetingDetails>>;

/// <param name="Version">The desired-state version the change forms post back as their expected version.</param>
/// <param name="Platform">The platform key ("zoom", "google-meet").</param>
/// <param name="MeetingTimeZoneId">The zone the providers were told when the meeting was scheduled.</param>
/// <param name="OrganizerTimeZoneId">The organizer's zone now: the one the reschedule form's wall-clock times are read in.</param>
/// <param name="IsConverging">Saved here but not yet confirmed by both providers ("updating…").</param>
/// <param name="SyncProblem">Why the providers are not in step yet, in words for the organizer; null when nothing is wrong.</param>
/// <param name="SyncProblemNeedsReconnect">The problem is a connection the organizer must link again (Connected apps).</param>
/// <param name="History">What happened to the meeting, newest first.</param>
/// <param name="Context">Where it was scheduled from, when the viewer may open that page; null otherwise.</param>
/// <param name="Candidates">On a project meeting its organizer can still change: the collaborators who can take part.</param>
/// <param name="PlatformIcon">The platform's icon path under the web root.</param>
/// <param name="CalendarName">The calendar that holds the event and sends the invites, as people know it ("calendar" when unknown).</param>
/// <param name="OtherParticipants">Participants not shown to this viewer (<see cref="Scheduling.ParticipantVisibility"/>): the page says "and N others".</param>
/// <param name="HideGuestList">The participants' invites do not show the guest list.</param>
public sealed record MeetingDetails(
    Guid Id,
    int Version,
    string Title,
    string Description,
    string Platform,
    string PlatformName,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    string MeetingTimeZoneId,
    string OrganizerTimeZoneId,
    string? JoinUrl,
    MeetingStatus Status,
    bool IsOrganizer,
    MeetingPerson Organizer,
    IReadOnlyList<MeetingAttendee> Participants,
    bool IsConverging,
    string? SyncProblem,
    bool SyncProblemNeedsReconnect,
    string? CancellationNote,
    DateTimeOffset? CancelledAtUtc,
    string? FailureReason,
    IReadOnlyList<MeetingHistoryEntry> History,
    MeetingContextKind ContextKind,
    MeetingContextLink? Context,
    IReadOnlyList<InviteCandidate> Candidates,
    string PlatformIcon,
    string CalendarName,
    IReadOnlyList<MeetingProposalView>? OpenProposals = null,
    int OtherParticipants = 0,
    bool HideGuestList = false)
{
    /// <summary>The viewer takes part and may answer (a scheduled meeting that has not ended; never its organizer).</summary>
    public bool CanAnswer { get; init; }

    /// <summary>The organizer may reschedule, edit or cancel it (only a scheduled meeting changes).</summary>
    public bool CanChange => IsOrganizer && Status == MeetingStatus.Scheduled;

    /// <summary>Who takes part can be changed: a project meeting, by its organizer.</summary>
    public bool ParticipantsEditable => CanChange && ContextKind == MeetingContextKind.Project;
}

public sealed record MeetingPerson(Guid PersonId, string FullName, string Email);

/// <param name="Response">Their latest answer, given in InsightGig or in a calendar.</param>
/// <param name="IsViewer">The person looking at the page.</param>
/// <param name="ResponseSourceName">With <see cref="ResponseSource.Calendar"/>: that calendar's name ("Google Calendar").</param>
public sealed record MeetingAttendee(Guid PersonId, string FullName, string Email, ResponseStatus Response, bool IsViewer,
    ResponseSource ResponseSource = ResponseSource.None, string? ResponseSourceName = null);

/// <summary>An open proposal of a new time: the organizer sees all of them, a participant their own.</summary>
public sealed record MeetingProposalView(Guid Id, Guid PersonId, string FullName, DateTimeOffset StartUtc, DateTimeOffset EndUtc, string? Note, DateTimeOffset ProposedAtUtc);

/// <param name="ByName">The InsightGig user who made the change (their current name); null for changes from the organizer's calendar and repairs.</param>
/// <param name="SourceName">For a change from the organizer's calendar: that calendar's name.</param>
public sealed record MeetingHistoryEntry(int Sequence, DateTimeOffset AtUtc, string? ByName, ChangeSource Source, string Summary, string? SourceName);

/// <summary>The page a meeting was scheduled from (an expert profile, a brief or a project), for a back link.</summary>
public sealed record MeetingContextLink(MeetingContextKind Kind, Guid Id, string Name);
