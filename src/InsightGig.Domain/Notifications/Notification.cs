using InsightGig.Domain.Common;

namespace InsightGig.Domain.Notifications;

/// <summary>
/// One email to one person, in the outbox: written in the same save as the change that causes it, sent later by a
/// background job. <see cref="Key"/> is unique, so the same reminder or alert is never queued twice, whatever the number
/// of app instances. The message is rendered once and kept, and its Message-ID is derived from <see cref="Entity.Id"/>:
/// a crash between sending and recording it can only resend the very same message.
/// </summary>
public sealed class Notification : Entity
{
    public const int KeyMaxLength = 200;
    public const int KindMaxLength = 50;
    public const int SubjectMaxLength = 300;
    public const int ErrorMaxLength = 1000;

    private Notification()
    {
    }

    private Notification(Guid id, string kind, string key, Guid recipientPersonId, Guid aboutId, int? offsetMinutes,
        DateTimeOffset dueAtUtc, DateTimeOffset createdAtUtc) : base(id)
    {
        Kind = Guard.NotBlank(kind, KindMaxLength, nameof(kind));
        Key = Guard.NotBlank(key, KeyMaxLength, nameof(key));
        RecipientPersonId = Guard.NotEmpty(recipientPersonId, nameof(recipientPersonId));
        AboutId = aboutId;
        OffsetMinutes = offsetMinutes;
        DueAtUtc = dueAtUtc;
        NextAttemptAtUtc = dueAtUtc;
        CreatedAtUtc = createdAtUtc;
        Status = NotificationStatus.Pending;
    }

    /// <summary>What it is ("reminder", "reconnect-alert", ...): names the class that writes its words.</summary>
    public string Kind { get; private set; } = string.Empty;

    /// <summary>Unique across the outbox: one reminder per meeting, person and offset; one alert per incident.</summary>
    public string Key { get; private set; } = string.Empty;

    public Guid RecipientPersonId { get; private set; }

    /// <summary>The address it went to: the person's address when it was rendered (the first try).</summary>
    public string? RecipientEmail { get; private set; }

    /// <summary>The meeting or connection it is about.</summary>
    public Guid AboutId { get; private set; }

    /// <summary>For a reminder: how many minutes before the start it goes.</summary>
    public int? OffsetMinutes { get; private set; }

    /// <summary>When it is meant to go.</summary>
    public DateTimeOffset DueAtUtc { get; private set; }

    /// <summary>When the next try may start (the due time, then later after a failed try).</summary>
    public DateTimeOffset NextAttemptAtUtc { get; private set; }

    public DateTimeOffset CreatedAtUtc { get; private set; }

    public NotificationStatus Status { get; private set; }

    public int Attempts { get; private set; }

    /// <summary>While a worker sends it: until when the others leave it alone. A lease that ran out means the worker died.</summary>
    public DateTimeOffset? LeaseUntilUtc { get; private set; }

    /// <summary>Raised by every change; the store's concurrency token, so two workers cannot both claim it.</summary>
    public int Version { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? SentAtUtc { get; private set; }

    /// <summary>The rendered message, kept from the first try so every try sends the same words.</summary>
    public string? Subject { get; private set; }

    public string? TextBody { get; private set; }

    public string? HtmlBody { get; private set; }

    public bool IsRendered => Subject is not null;

    public static Notification Create(Guid id, string kind, string key, Guid recipientPersonId, Guid aboutId,
        DateTimeOffset dueAtUtc, DateTimeOffset nowUtc, int? offsetMinutes = null) =>
        new(id, kind, key, recipientPersonId, aboutId, offsetMinutes, dueAtUtc, nowUtc);

    /// <summary>The thing it is about moved (a rescheduled meeting): it goes at the new time. Only while not yet sent.</summary>
    public bool MoveTo(DateTimeOffset dueAtUtc)
    {
        if (Status != NotificationStatus.Pending || Attempts > 0 || dueAtUtc == DueAtUtc)
        {
            return false;
        }

        DueAtUtc = dueAtUtc;
        NextAttemptAtUtc = dueAtUtc;
        Version++;
        return true;
    }

    /// <summary>No longer wanted (the meeting was cancelled, the person left it, they turned this reminder off).</summary>
    public void Skip(string reason)
    {
        if (Status != NotificationStatus.Pending)
        {
            return;
        }

        Status = NotificationStatus.Skipped;
        LastError = Guard.Optional(reason, ErrorMaxLength, nameof(reason));
        LeaseUntilUtc = null;
        Version++;
    }

    /// <summary>A skipped reminder wanted again (a cancelled meeting cannot come back, but a person re-added to one can).</summary>
    public void Revive(DateTimeOffset dueAtUtc)
    {
        if (Status != NotificationStatus.Skipped)
        {
            return;
        }

        Status = NotificationStatus.Pending;
        LastError = null;
        DueAtUtc = dueAtUtc;
        NextAttemptAtUtc = dueAtUtc;
        Version++;
    }

    /// <summary>True when a worker may take it now: pending, due, and nobody holds a live lease.</summary>
    public bool CanBeClaimed(DateTimeOffset nowUtc) =>
        Status == NotificationStatus.Pending && NextAttemptAtUtc <= nowUtc && (LeaseUntilUtc is null || LeaseUntilUtc <= nowUtc);

    /// <summary>A worker takes it until <paramref name="leaseUntilUtc"/>; saving this fails for the second of two workers.</summary>
    public void Claim(DateTimeOffset nowUtc, DateTimeOffset leaseUntilUtc)
    {
        if (!CanBeClaimed(nowUtc))
        {
            throw new InvalidOperationException("Only a due, pending notification nobody holds can be claimed.");
        }

        LeaseUntilUtc = leaseUntilUtc;
        Attempts++;
        Version++;
    }

    public void Render(string recipientEmail, string subject, string textBody, string htmlBody)
    {
        if (IsRendered)
        {
            return;
        }

        RecipientEmail = Guard.Email(recipientEmail, nameof(recipientEmail));
        Subject = Guard.NotBlank(subject, SubjectMaxLength, nameof(subject));
        TextBody = Guard.NotBlank(textBody, 100_000, nameof(textBody));
        HtmlBody = Guard.NotBlank(htmlBody, 200_000, nameof(htmlBody));
    }

    public void Sent(DateTimeOffset nowUtc)
    {
        Status = NotificationStatus.Sent;
        SentAtUtc = nowUtc;
        LeaseUntilUtc = null;
        LastError = null;
        Version++;
    }

    /// <summary>A try failed in a way that may pass (the server was down, a 4xx answer): try again at <paramref name="retryAtUtc"/>.</summary>
    public void TryFailed(string error, DateTimeOffset retryAtUtc)
    {
        LastError = Guard.Optional(Truncate(error), ErrorMaxLength, nameof(error));
        NextAttemptAtUtc = retryAtUtc;
        LeaseUntilUtc = null;
        Version++;
    }

    /// <summary>It can never go (a refused address, a 5xx answer, or too many tries): recorded for the admins.</summary>
    public void Failed(string error)
    {
        Status = NotificationStatus.Failed;
        LastError = Guard.Optional(Truncate(error), ErrorMaxLength, nameof(error));
        LeaseUntilUtc = null;
        Version++;
    }

    private static string Truncate(string error) => error.Length <= ErrorMaxLength ? error : error[..(ErrorMaxLength - 1)] + "…";
}

public enum NotificationStatus
{
    Pending = 0,
    Sent = 1,
    /// <summary>Could not be sent; <see cref="Notification.LastError"/> says why.</summary>
    Failed = 2,
    /// <summary>No longer wanted; <see cref="Notification.LastError"/> says why.</summary>
    Skipped = 3,
}
