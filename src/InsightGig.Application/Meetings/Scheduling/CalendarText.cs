using InsightGig.Application.Meetings.Platforms;
using InsightGig.Domain.Meetings;

namespace InsightGig.Application.Meetings.Scheduling;

/// <summary>What the calendar event says, the same when it is created and whenever it is brought up to date.</summary>
internal static class CalendarText
{
    public static string Description(Meeting meeting, MeetingPlatform platform)
    {
        if (platform.UsesCalendarConference || meeting.JoinUrl is null)
        {
            return meeting.Description;
        }

        var join = $"Join the {platform.DisplayName} meeting: {meeting.JoinUrl}";
        return string.IsNullOrEmpty(meeting.Description) ? join : meeting.Description + "\n\n" + join;
    }
}
