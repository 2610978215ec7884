using InsightGig.Application.Meetings.Converge;
using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Meetings.EditMeetingDetails;

/// <summary>Changes title and description, and on a project meeting who takes part (organizer only).</summary>
/// <param name="Participants">Null keeps the participants; on a project meeting, the collaborators who should take part.</param>
/// <param name="HideGuestList">Null keeps it; else whether the participants' invites hide the guest list.</param>
public sealed record EditMeetingDetailsCommand(Guid MeetingId, int ExpectedVersion, string Title, string? Description, IReadOnlyList<Guid>? Participants,
    bool? HideGuestList = null)
    : ICommand<Result<MeetingChanged>>;
