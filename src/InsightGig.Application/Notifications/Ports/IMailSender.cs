namespace InsightGig.Application.Notifications.Ports;

/// <summary>Hands one email to the mail server (SMTP in production, a catcher a developer reads in Development).</summary>
public interface IMailSender
{
    Task<MailSendResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}

/// <param name="MessageId">Stable for the notification (without angle brackets), so a resend is the same message.</param>
public sealed record OutgoingMail(
    string MessageId,
    string ToEmail,
    string ToName,
    string Subject,
    string TextBody,
    string HtmlBody,
    MailAttachment? Attachment);

public sealed record MailAttachment(string FileName, string ContentType, string Content);

public enum MailSendOutcome
{
    Sent,
    /// <summary>May pass if tried again later (the server is down or said 4xx).</summary>
    Transient,
    /// <summary>Will never pass (a refused address, a 5xx answer): recorded, not retried.</summary>
    Permanent,
}

public sealed record MailSendResult(MailSendOutcome Outcome, string? Error = null)
{
    public static readonly MailSendResult Sent = new(MailSendOutcome.Sent);
}
