using InsightGig.ProviderSandbox.Zoom;

namespace InsightGig.ProviderSandbox;

/// <summary>Zoom's typed inspection members (this folder's part of the shared state).</summary>
public sealed partial class ProviderSandboxState
{
    internal ZoomSandbox Zoom => Emulated<ZoomSandbox>(SandboxProvider.Zoom);

    /// <summary>Zoom users (known accounts and everyone who signed in).</summary>
    public IReadOnlyList<ZoomUserInfo> GetZoomUsers() => [.. Zoom.Users.All().Select(user => user.Describe())];

    /// <summary>Zoom meetings of all users, oldest first.</summary>
    public IReadOnlyList<ZoomMeetingInfo> GetZoomMeetings(bool includeDeleted = false) =>
        [.. Zoom.Meetings.Describe().Where(meeting => includeDeleted || !meeting.Deleted)];
}
