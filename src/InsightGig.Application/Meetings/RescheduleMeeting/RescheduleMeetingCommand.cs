using InsightGig.Application.Meetings.Converge;
using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Meetings.RescheduleMeeting;

/// <summary>Moves a meeting (organizer only). Times are wall-clock in the organizer's zone, as when scheduling.</summary>
/// <param name="ExpectedVersion">The version the form was shown with; a newer meeting is not silently overwritten.</param>
/// <param name="StartOffsetMinutes">The UTC offset chosen when <paramref name="Start"/> is in the hour repeated when clocks go back; ignored otherwise.</param>
public sealed record RescheduleMeetingCommand(
    Guid MeetingId, int ExpectedVersion, DateTime? Start, DateTime? End, int? StartOffsetMinutes = null, int? EndOffsetMinutes = null) : ICommand<Result<MeetingChanged>>;
