using InsightGig.Domain.Common;

namespace InsightGig.Application.Meetings.Scheduling;

/// <summary>
/// Schedule a meeting is for clients (and staff acting for them): the help article has clients meet an expert from the
/// expert's profile, a brief or a project. Experts never schedule, not even with the client of their own brief or project:
/// they are invited and answer the invitation. Checked by every use case behind the dialog, so a forged request is refused
/// like the hidden button.
/// </summary>
public static class WhoSchedules
{
    /// <summary>The error code of the refusal; the pages hide the Schedule a meeting button when the dialog answers it.</summary>
    public const string ExpertRefusedCode = "meeting.experts_do_not_schedule";

    public const string ExpertRefusedMessage =
        "Meetings are scheduled by clients: the client you work with sends the invitation, and you answer it from My meetings.";

    internal static Error ExpertRefused { get; } = new(ExpertRefusedCode, ExpertRefusedMessage, ErrorKind.Forbidden);
}
