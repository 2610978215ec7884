using InsightGig.Application.Common.Interfaces;
using InsightGig.Application.Notifications.Kinds;
using InsightGig.Application.Notifications.Ports;
using InsightGig.Domain.Notifications;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace InsightGig.Application.Notifications.SendNotification;

/// <summary>
/// Claims the notification (a lease saved with a concurrency check, so of two workers one sends), renders it once and
/// keeps the words, hands it to the mail server with a Message-ID derived from its id, then records the outcome. A worker
/// that dies after sending and before recording leaves the lease to run out; the next try resends the same message with
/// the same Message-ID. Passing failures are retried with back-off; a refused address or a 5xx answer is recorded as
/// failed at once and never holds up anything else.
/// </summary>
internal sealed partial class SendNotificationHandler(
    IApplicationDbContext db,
    IEnumerable<INotificationKind> kinds,
    IMailSender mail,
    IOptions<NotificationOptions> options,
    TimeProvider clock,
    ILogger<SendNotificationHandler> logger) : ICommandHandler<SendNotificationCommand, SendNotificationOutcome>
{
    public async ValueTask<SendNotificationOutcome> Handle(SendNotificationCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == command.NotificationId, cancellationToken);
        if (notification is null || !notification.CanBeClaimed(now))
        {
            return SendNotificationOutcome.Nothing;
        }

        var kind = kinds.FirstOrDefault(k => k.Kind == notification.Kind);
        var recipient = await db.People.AsNoTracking().Where(p => p.Id == notification.RecipientPersonId)
            .Select(p => new NotificationRecipient(p.Id, p.Email, p.FullName, p.TimeZoneId)).FirstOrDefaultAsync(cancellationToken);
        if (kind is null || recipient is null)
        {
            notification.Failed(kind is null ? $"No notification kind '{notification.Kind}' is registered." : "The recipient no longer exists.");
            await SaveAsync(cancellationToken);
            return SendNotificationOutcome.Nothing;
        }

        var rendering = await kind.RenderAsync(notification, recipient, cancellationToken);
        if (rendering.SkipReason is { } skip)
        {
            notification.Skip(skip);
            await SaveAsync(cancellationToken);
            return SendNotificationOutcome.Nothing;
        }

        notification.Render(recipient.Email, rendering.Subject!, rendering.Body!.Text, rendering.Body.Html);
        notification.Claim(now, now + options.Value.SendLease);
        if (!await SaveAsync(cancellationToken))
        {
            return SendNotificationOutcome.Nothing; // another worker claimed it first
        }

        var outgoing = new OutgoingMail(MessageIdFor(notification.Id), notification.RecipientEmail!, recipient.FullName, notification.Subject!,
            notification.TextBody!, notification.HtmlBody!, rendering.Attachment);
        MailSendResult result;
        try
        {
            result = await mail.SendAsync(outgoing, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            result = new MailSendResult(MailSendOutcome.Transient, exception.Message);
        }

        DateTimeOffset? retryAt = null;
        switch (result.Outcome)
        {
            case MailSendOutcome.Sent:
                notification.Sent(clock.GetUtcNow());
                break;
            case MailSendOutcome.Permanent:
                notification.Failed(result.Error ?? "The mail server refused the message.");
                LogFailed(notification.Id, notification.Kind, result.Error);
                break;
            default:
                if (notification.Attempts >= options.Value.MaxAttempts)
                {
                    notification.Failed($"Gave up after {notification.Attempts} tries: {result.Error}");
                    LogFailed(notification.Id, notification.Kind, result.Error);
                }
                else
                {
                    retryAt = clock.GetUtcNow() + RetryDelay(notification.Attempts);
                    notification.TryFailed(result.Error ?? "The mail server did not take the message.", retryAt.Value);
                    LogRetry(notification.Id, notification.Attempts, result.Error);
                }

                break;
        }

        // Recorded even if the caller gave up waiting: the message may have gone.
        await SaveAsync(CancellationToken.None);
        return new SendNotificationOutcome(result.Outcome == MailSendOutcome.Sent, retryAt);
    }

    /// <summary>The Message-ID of a notification's email: the same for every try.</summary>
    public static string MessageIdFor(Guid notificationId) => $"{notificationId:N}@notifications.insightgig";

    /// <summary>1, 2, 4, ... minutes, at most an hour.</summary>
    public static TimeSpan RetryDelay(int attempts) => TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Max(0, attempts - 1))));

    private async Task<bool> SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId} ({Kind}) could not be sent and is recorded as failed: {Error}")]
    private partial void LogFailed(Guid notificationId, string kind, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId} not sent on try {Attempt}; trying again later ({Error})")]
    private partial void LogRetry(Guid notificationId, int attempt, string? error);
}
