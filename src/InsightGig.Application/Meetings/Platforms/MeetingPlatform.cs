namespace InsightGig.Application.Meetings.Platforms;

/// <summary>
/// A choice in the "Schedule a meeting" dialog (Zoom, Google Meet, …) and what it takes. Registered next to the
/// adapters in Infrastructure, so a new provider appears here without any change to the use cases.
/// </summary>
/// <param name="Key">Stored on the meeting ("zoom", "google-meet").</param>
/// <param name="VideoProvider">The <c>IVideoMeetingProvider.Key</c> that hosts the call, or null when the calendar's own conference does (Google Meet).</param>
/// <param name="RequiredConnections">Account providers the organizer must have linked, in the order to link them.</param>
public sealed record MeetingPlatform(string Key, string DisplayName, string? VideoProvider, IReadOnlyList<string> RequiredConnections)
{
    public bool UsesCalendarConference => VideoProvider is null;
}
