using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using Mediator;

namespace InsightGig.Application.Meetings.ScheduleMeeting;

/// <summary>
/// Schedules a video meeting from an expert profile, a brief or a project.
/// </summary>
/// <param name="IdempotencyKey">Made by the form when it is shown; the meeting's id. The same key twice creates one meeting.</param>
/// <param name="Platform">A <c>MeetingPlatform.Key</c>: "zoom" or "google-meet".</param>
/// <param name="Start">Wall-clock start in the organizer's time zone.</param>
/// <param name="Participants">On a project: the chosen collaborators. On a profile or brief: empty or just the expert.</param>
/// <param name="HideGuestList">Hide the guest list from the participants' invites; null: the default (<see cref="Scheduling.GuestListDefault"/>, hidden when an expert is invited).</param>
/// <param name="StartOffsetMinutes">The UTC offset chosen when <paramref name="Start"/> is in the hour repeated when clocks go back; ignored otherwise.</param>
public sealed record ScheduleMeetingCommand(
    Guid IdempotencyKey,
    MeetingContextKind ContextKind,
    Guid ContextId,
    string Platform,
    string Title,
    string? Description,
    DateTime? Start,
    DateTime? End,
    IReadOnlyList<Guid> Participants,
    int? StartOffsetMinutes = null,
    int? EndOffsetMinutes = null,
    bool? HideGuestList = null) : ICommand<Result<ScheduledMeeting>>;

/// <summary>The meeting as the organizer sees it after scheduling.</summary>
public sealed record ScheduledMeeting(
    Guid Id,
    string Title,
    string Platform,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    string TimeZoneId,
    string? JoinUrl,
    MeetingStatus Status,
    IReadOnlyList<string> ParticipantNames);
