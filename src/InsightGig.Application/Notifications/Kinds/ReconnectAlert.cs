using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Integrations.Providers;
using InsightGig.Application.Notifications.Ports;
using InsightGig.Domain.Integrations;
using InsightGig.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace InsightGig.Application.Notifications.Kinds;

/// <summary>
/// "Reconnect ..." once per incident, when one of a person's connections stops working because of the provider (its grant
/// refused or revoked): the provider's name from its descriptor, and a link to Connected apps. It cannot be turned off.
/// </summary>
internal sealed class ReconnectAlert(IApplicationDbContext db, ProviderCatalog catalog, IAppLinks links) : INotificationKind
{
    public const string KindName = "reconnect-alert";

    public string Kind => KindName;

    /// <summary>A notification for the incident <paramref name="lost"/> describes (its key makes a second one for it impossible).</summary>
    public static Notification For(ConnectionLost lost, DateTimeOffset nowUtc)
    {
        ArgumentNullException.ThrowIfNull(lost);
        return Notification.Create(Guid.NewGuid(), KindName, $"reconnect:{lost.ConnectionId:N}:{lost.Incident}", lost.PersonId, lost.ConnectionId, nowUtc, nowUtc);
    }

    public async Task<NotificationRendering> RenderAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(recipient);
        var connection = await db.ProviderConnections.AsNoTracking().FirstOrDefaultAsync(c => c.Id == notification.AboutId, cancellationToken);
        if (connection is null)
        {
            return NotificationRendering.Skip("The connection was removed.");
        }

        if (connection.Status == ConnectionStatus.Active)
        {
            return NotificationRendering.Skip("The person reconnected before the alert went.");
        }

        var provider = catalog.Describe(connection.Provider);
        var body = new MailBody()
            .Paragraph($"Hello {recipient.FullName},")
            .Paragraph($"{provider.DisplayName} no longer accepts InsightGig's access to your account {connection.AccountEmail}, so InsightGig "
                + $"cannot create or update your meetings there. Reconnect {provider.DisplayName} to carry on; changes waiting for it are applied then.")
            .Link($"Reconnect {provider.DisplayName} on Connected apps", links.ConnectedApps());
        return NotificationRendering.Mail($"Reconnect {provider.DisplayName} to keep your InsightGig meetings up to date", body);
    }
}
