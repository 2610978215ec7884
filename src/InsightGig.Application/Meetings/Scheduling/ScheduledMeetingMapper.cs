using InsightGig.Application.Meetings.ScheduleMeeting;
using InsightGig.Domain.Meetings;

namespace InsightGig.Application.Meetings.Scheduling;

internal static class ScheduledMeetingMapper
{
    public static ScheduledMeeting From(Meeting meeting) =>
        new(meeting.Id, meeting.Title, meeting.PlatformKey, meeting.StartUtc, meeting.EndUtc, meeting.TimeZoneId, meeting.JoinUrl, meeting.Status,
            [.. meeting.Participants.Select(p => p.FullName)]);
}
