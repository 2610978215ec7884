using System.Net.Sockets;
using InsightGig.Application.Notifications.Ports;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace InsightGig.Infrastructure.Notifications;

/// <summary>
/// Sends over SMTP with MailKit: one message per recipient, plain text and HTML (and the .ics when there is one), with the
/// notification's stable Message-ID. A 5xx answer (a refused address, a refused message) is permanent; a 4xx answer, a
/// refused or dropped connection or a timeout may pass and is retried.
/// </summary>
internal sealed class SmtpMailSender(IOptions<EmailOptions> options) : IMailSender
{
    public async Task<MailSendResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Smtp.Host))
        {
            return new MailSendResult(MailSendOutcome.Transient, "No mail server is configured (Email:Smtp:Host).");
        }

        MimeMessage message;
        try
        {
            message = Build(mail, settings.From);
        }
        catch (ParseException exception)
        {
            return new MailSendResult(MailSendOutcome.Permanent, $"Not an address a message can go to: {exception.Message}");
        }

        using var client = new SmtpClient { Timeout = (int)settings.Smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.Smtp.Host, settings.Smtp.Port,
                settings.Smtp.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
            if (!string.IsNullOrEmpty(settings.Smtp.UserName))
            {
                await client.AuthenticateAsync(settings.Smtp.UserName, settings.Smtp.Password ?? string.Empty, cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return MailSendResult.Sent;
        }
        catch (SmtpCommandException exception)
        {
            var code = (int)exception.StatusCode;
            var what = exception.ErrorCode == SmtpErrorCode.RecipientNotAccepted ? $"{mail.ToEmail} was refused" : "The mail server refused the message";
            return new MailSendResult(code >= 500 ? MailSendOutcome.Permanent : MailSendOutcome.Transient, $"{what}: {code} {exception.Message}".Trim());
        }
        catch (AuthenticationException exception)
        {
            return new MailSendResult(MailSendOutcome.Transient, $"The mail server refused the sign-in (Email:Smtp:UserName/Password): {exception.Message}");
        }
        catch (Exception exception) when (exception is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException
            or OperationCanceledException or TimeoutException or SslHandshakeException or NotSupportedException)
        {
            return new MailSendResult(MailSendOutcome.Transient, $"The mail server at {settings.Smtp.Host}:{settings.Smtp.Port} did not take the message: {exception.Message}");
        }
    }

    public static MimeMessage Build(OutgoingMail mail, string from)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var message = new MimeMessage { Subject = mail.Subject, MessageId = mail.MessageId };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(new MailboxAddress(mail.ToName, mail.ToEmail));
        var body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody };
        if (mail.Attachment is { } attachment)
        {
            body.Attachments.Add(attachment.FileName, System.Text.Encoding.UTF8.GetBytes(attachment.Content), ContentType.Parse(attachment.ContentType));
        }

        message.Body = body.ToMessageBody();
        return message;
    }
}

/// <summary>
/// Development without a mail server: every mail is "sent" into the outbox itself, where <c>/dev/mail</c> shows it (the
/// notification keeps its rendered words). Never registered outside Development.
/// </summary>
internal sealed class DevelopmentMailCatcher : IMailSender
{
    public Task<MailSendResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken) => Task.FromResult(MailSendResult.Sent);
}
