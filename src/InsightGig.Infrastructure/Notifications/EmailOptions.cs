namespace InsightGig.Infrastructure.Notifications;

/// <summary>The mail server InsightGig sends through (<c>Email</c> section). The password comes from the environment or user-secrets.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The sender, e.g. <c>InsightGig &lt;no-reply@insightgig.example&gt;</c>.</summary>
    public string From { get; set; } = "InsightGig <no-reply@insightgig.example>";

    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    /// <summary>No host: Development catches mails for <c>/dev/mail</c>; elsewhere they wait (and fail visibly) until one is set.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Upgrade the connection with STARTTLS (required when true); false for a local relay on plain SMTP.</summary>
    public bool UseStartTls { get; set; } = true;

    /// <summary>How long one SMTP conversation may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
