using InsightGig.Domain.Common;

namespace InsightGig.Domain.Meetings;

/// <summary>What a <see cref="ProviderUndo"/> gives back.</summary>
public enum ProviderUndoKind
{
    /// <summary>An event in the organizer's calendar (its invites go with it).</summary>
    CalendarEvent,

    /// <summary>A meeting at a video provider.</summary>
    VideoMeeting,
}

/// <summary>
/// Something a failed set-up made at a provider and must still give back: written in the same save that records the failure
/// (or, for a worker that lost its lease, before it deletes anything), removed once the provider has answered that it is
/// gone. A background job works through them with back-off until the provider answers, and gives up after a bounded time.
/// Deleting twice is harmless (a delete accepts "already gone"), so a crash between the delete and the row's removal only
/// repeats the delete.
/// </summary>
public sealed class ProviderUndo : Entity
{
    public const int ProviderMaxLength = 50;
    public const int ItemIdMaxLength = Meeting.CalendarEventIdMaxLength;
    public const int ProblemMaxLength = 1000;

    /// <summary>The first retry waits this long; each failure doubles the wait, up to <see cref="MaxBackoff"/>.</summary>
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    private ProviderUndo()
    {
    }

    private ProviderUndo(Guid meetingId, Guid organizerId, ProviderUndoKind kind, string provider, string? itemId, DateTimeOffset nowUtc) : base(Guid.NewGuid())
    {
        MeetingId = Guard.NotEmpty(meetingId, nameof(meetingId));
        OrganizerId = Guard.NotEmpty(organizerId, nameof(organizerId));
        Kind = kind;
        Provider = Guard.NotBlank(provider, ProviderMaxLength, nameof(provider));
        ItemId = itemId is null ? null : Guard.NotBlank(itemId, ItemIdMaxLength, nameof(itemId));
        CreatedAtUtc = nowUtc;
        // The worker that writes it tries at once; the job only after the first back-off, so the two rarely meet.
        NextAttemptAtUtc = nowUtc + FirstBackoff;
    }

    /// <summary>The meeting whose set-up made it (a create that is looked for is found from the meeting's details).</summary>
    public Guid MeetingId { get; private set; }

    /// <summary>Whose account at the provider holds it.</summary>
    public Guid OrganizerId { get; private set; }

    public ProviderUndoKind Kind { get; private set; }

    /// <summary>The key of the calendar or video provider that holds it.</summary>
    public string Provider { get; private set; } = string.Empty;

    /// <summary>The provider's id of it; null when no answer named it (the create's answer was lost): then it is looked for.</summary>
    public string? ItemId { get; private set; }

    public DateTimeOffset CreatedAtUtc { get; private set; }

    public DateTimeOffset NextAttemptAtUtc { get; private set; }

    public int Attempts { get; private set; }

    /// <summary>Why the last try did not finish (for the log and an operator).</summary>
    public string? LastProblem { get; private set; }

    /// <param name="eventId">Null when no answer named it: the event made for the meeting is looked for.</param>
    public static ProviderUndo CalendarEvent(Guid meetingId, Guid organizerId, string calendarProvider, string? eventId, DateTimeOffset nowUtc) =>
        new(meetingId, organizerId, ProviderUndoKind.CalendarEvent, calendarProvider, eventId, nowUtc);

    public static ProviderUndo VideoMeeting(Guid meetingId, Guid organizerId, string videoProvider, string providerMeetingId, DateTimeOffset nowUtc) =>
        new(meetingId, organizerId, ProviderUndoKind.VideoMeeting, videoProvider, Guard.NotBlank(providerMeetingId, ItemIdMaxLength, nameof(providerMeetingId)), nowUtc);

    /// <summary>The provider named the item that was looked for: later tries delete it by that id.</summary>
    public void Found(string itemId) => ItemId = Guard.NotBlank(itemId, ItemIdMaxLength, nameof(itemId));

    /// <summary>A try failed: the next waits twice as long as the last (at least what the provider asked for), up to <see cref="MaxBackoff"/>.</summary>
    public void TryFailed(string problem, TimeSpan? retryAfter, DateTimeOffset nowUtc)
    {
        Attempts++;
        var backoff = TimeSpan.FromTicks(Math.Min(FirstBackoff.Ticks << Math.Min(Attempts - 1, 16), MaxBackoff.Ticks));
        if (retryAfter is { } asked && asked > backoff)
        {
            backoff = asked;
        }

        NextAttemptAtUtc = nowUtc + backoff;
        LastProblem = problem.Length > ProblemMaxLength ? problem[..ProblemMaxLength] : problem;
    }

    /// <summary>Tried for longer than <paramref name="giveUpAfter"/>: the job stops and says so.</summary>
    public bool OutlivedItsTries(TimeSpan giveUpAfter, DateTimeOffset nowUtc) => nowUtc - CreatedAtUtc >= giveUpAfter;
}
