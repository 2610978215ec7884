namespace InsightGig.Application.Notifications.Ports;

/// <summary>Absolute links into the app for emails (there is no request to take the host from in a background job).</summary>
public interface IAppLinks
{
    Uri Meeting(Guid meetingId);

    Uri ConnectedApps();

    Uri Profile();
}
