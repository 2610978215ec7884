using InsightGig.Application.Notifications.Ports;
using InsightGig.Domain.Notifications;

namespace InsightGig.Application.Notifications.Kinds;

/// <summary>
/// One kind of email: its key in the outbox and its words. A new kind (an expert's answer, the organizer's decision) is
/// one class implementing this, registered with <c>AddScoped&lt;INotificationKind, ...&gt;</c>, plus the line in its use
/// case that adds the <see cref="Notification"/> to the same save as the change.
/// </summary>
public interface INotificationKind
{
    string Kind { get; }

    /// <summary>The email for <paramref name="recipient"/>, or why it is no longer wanted (the meeting was cancelled...).</summary>
    Task<NotificationRendering> RenderAsync(Notification notification, NotificationRecipient recipient, CancellationToken cancellationToken);
}

/// <summary>Who gets it, as they are now: their address, name and the zone they read times in.</summary>
public sealed record NotificationRecipient(Guid PersonId, string Email, string FullName, string TimeZoneId);

public sealed record NotificationRendering(string? Subject, MailBody? Body, MailAttachment? Attachment, string? SkipReason)
{
    public static NotificationRendering Mail(string subject, MailBody body, MailAttachment? attachment = null) => new(subject, body, attachment, null);

    public static NotificationRendering Skip(string reason) => new(null, null, null, reason);
}
