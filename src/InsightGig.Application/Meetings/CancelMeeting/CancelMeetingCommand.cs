using InsightGig.Application.Meetings.Converge;
using InsightGig.Domain.Common;
using Mediator;

namespace InsightGig.Application.Meetings.CancelMeeting;

/// <summary>Cancels a meeting (organizer only): the video meeting and the calendar event are deleted and everyone is told.</summary>
public sealed record CancelMeetingCommand(Guid MeetingId, int ExpectedVersion, string? Note) : ICommand<Result<MeetingChanged>>;
