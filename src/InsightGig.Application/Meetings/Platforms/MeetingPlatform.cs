namespace InsightGig.Application.Meetings.Platforms;

/// <summary>
/// A choice in the "Schedule a meeting" dialog and what it takes. Registered by a provider unit next to its adapters, so
/// a new provider appears here without any change to the use cases.
/// </summary>
/// <param name="Key">Stored on the meeting (<c>Meeting.PlatformKey</c>).</param>
/// <param name="Icon">The icon's path under the web root.</param>
/// <param name="VideoProvider">
/// The <c>IVideoMeetingProvider.Key</c> that hosts the call (its event goes to the organizer's chosen calendar), or null
/// when the calendar's own conference does.
/// </param>
/// <param name="ConferenceCalendar">When the calendar's own conference hosts the call: the calendar provider that must hold the event.</param>
public sealed record MeetingPlatform(string Key, string DisplayName, string Icon, string? VideoProvider, string? ConferenceCalendar = null)
{
    /// <summary>The account provider whose connection the video provider acts through (its own key unless it says otherwise).</summary>
    public string? VideoAccount { get; init; } = VideoProvider;

    public bool UsesCalendarConference => VideoProvider is null;
}
