using InsightGig.Domain.Common;

namespace InsightGig.Domain.Meetings;

/// <summary>
/// A video meeting scheduled in InsightGig. Guards its own rules (times, length, participants);
/// who may be invited from which context is checked by the use case that knows the context.
/// </summary>
public sealed class Meeting : Entity
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 8000;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    private readonly List<MeetingParticipant> _participants = [];

    private Meeting()
    {
    }

    private Meeting(Guid id, Guid organizerId, MeetingContextKind contextKind, Guid contextId, string videoProvider, string title, string description,
        DateTimeOffset startUtc, DateTimeOffset endUtc, string timeZoneId, DateTimeOffset createdAtUtc) : base(id)
    {
        CalendarEventId = CalendarEventIdFor(id);
        OrganizerId = organizerId;
        ContextKind = contextKind;
        ContextId = contextId;
        VideoProvider = videoProvider;
        Title = title;
        Description = description;
        StartUtc = startUtc;
        EndUtc = endUtc;
        TimeZoneId = timeZoneId;
        CreatedAtUtc = createdAtUtc;
        Status = MeetingStatus.Scheduling;
    }

    public Guid OrganizerId { get; private set; }

    public MeetingContextKind ContextKind { get; private set; }

    public Guid ContextId { get; private set; }

    /// <summary>Key of the video provider (for example "zoom", "google-meet").</summary>
    public string VideoProvider { get; private set; } = string.Empty;

    public string Title { get; private set; } = string.Empty;

    public string Description { get; private set; } = string.Empty;

    public DateTimeOffset StartUtc { get; private set; }

    public DateTimeOffset EndUtc { get; private set; }

    /// <summary>The organizer's IANA zone when scheduling; the provider is told this zone.</summary>
    public string TimeZoneId { get; private set; } = "UTC";

    public MeetingStatus Status { get; private set; }

    public string? JoinUrl { get; private set; }

    public string? ProviderMeetingId { get; private set; }

    public string? CalendarEventId { get; private set; }

    public DateTimeOffset CreatedAtUtc { get; private set; }

    /// <summary>Why scheduling failed, in words for the organizer.</summary>
    public string? FailureReason { get; private set; }

    public IReadOnlyList<MeetingParticipant> Participants => _participants;

    public TimeSpan Duration => EndUtc - StartUtc;

    /// <summary>Creates a meeting in <see cref="MeetingStatus.Scheduling"/>, or says why it cannot exist.</summary>
    public static Result<Meeting> Schedule(Guid id, Guid organizerId, MeetingContextKind contextKind, Guid contextId, string videoProvider,
        string title, string? description, DateTimeOffset startUtc, DateTimeOffset endUtc, string timeZoneId,
        IReadOnlyCollection<(Guid PersonId, string Email, string FullName)> participants, DateTimeOffset nowUtc)
    {
        ArgumentNullException.ThrowIfNull(participants);
        var errors = new List<Error>();
        var trimmedTitle = title?.Trim() ?? string.Empty;
        if (trimmedTitle.Length == 0)
        {
            errors.Add(Error.Validation("meeting.title_required", "Enter a title.", "Title"));
        }
        else if (trimmedTitle.Length > TitleMaxLength)
        {
            errors.Add(Error.Validation("meeting.title_too_long", $"The title can have at most {TitleMaxLength} characters.", "Title"));
        }

        var trimmedDescription = description?.Trim() ?? string.Empty;
        if (trimmedDescription.Length > DescriptionMaxLength)
        {
            errors.Add(Error.Validation("meeting.description_too_long", $"The description can have at most {DescriptionMaxLength} characters.", "Description"));
        }

        errors.AddRange(CheckTimes(startUtc, endUtc, nowUtc));
        if (participants.Count == 0)
        {
            errors.Add(Error.Validation("meeting.participants_required", "Choose at least one participant.", "Participants"));
        }

        if (participants.Any(p => p.PersonId == organizerId))
        {
            errors.Add(Error.Validation("meeting.organizer_as_participant", "You are the organizer; choose the other participants.", "Participants"));
        }

        if (errors.Count > 0)
        {
            return Result<Meeting>.Failure(errors);
        }

        var meeting = new Meeting(id, organizerId, contextKind, contextId, videoProvider, trimmedTitle, trimmedDescription, startUtc, endUtc, timeZoneId, nowUtc);
        foreach (var (personId, email, fullName) in participants.DistinctBy(p => p.PersonId))
        {
            meeting._participants.Add(new MeetingParticipant(personId, email, fullName));
        }

        return meeting;
    }

    /// <summary>The time rules shared by scheduling and rescheduling.</summary>
    public static IReadOnlyList<Error> CheckTimes(DateTimeOffset startUtc, DateTimeOffset endUtc, DateTimeOffset nowUtc)
    {
        var errors = new List<Error>();
        if (startUtc <= nowUtc)
        {
            errors.Add(Error.Validation("meeting.start_in_past", "The start must be in the future.", "Start"));
        }

        if (endUtc <= startUtc)
        {
            errors.Add(Error.Validation("meeting.end_before_start", "The end must be after the start.", "End"));
        }
        else if (endUtc - startUtc > MaxDuration)
        {
            errors.Add(Error.Validation("meeting.too_long", "A meeting can last at most 24 hours.", "End"));
        }

        return errors;
    }

    /// <summary>
    /// The calendar event id we choose ourselves (lowercase base32hex, as Calendar requires), so a retried insert
    /// finds the event of the first try instead of making a second one.
    /// </summary>
    public static string CalendarEventIdFor(Guid meetingId) => "ig" + meetingId.ToString("N");

    /// <summary>The video provider made its meeting; recorded before the calendar step so it can be undone if that fails.</summary>
    public void RecordVideoMeeting(string providerMeetingId, string joinUrl)
    {
        EnsureScheduling();
        ProviderMeetingId = Guard.NotBlank(providerMeetingId, 200, nameof(providerMeetingId));
        JoinUrl = Guard.NotBlank(joinUrl, 2048, nameof(joinUrl));
    }

    /// <summary>Every provider step succeeded; the meeting is live with <paramref name="joinUrl"/>.</summary>
    public void MarkScheduled(string joinUrl)
    {
        EnsureScheduling();
        JoinUrl = Guard.NotBlank(joinUrl, 2048, nameof(joinUrl));
        Status = MeetingStatus.Scheduled;
    }

    /// <summary>
    /// A provider refused. A <see cref="ProviderMeetingId"/> still set afterwards names a video meeting that could not be
    /// undone yet and must be cleaned up.
    /// </summary>
    public void MarkFailed(string reason)
    {
        EnsureScheduling();
        FailureReason = Guard.Optional(reason, 1000, nameof(reason));
        Status = MeetingStatus.Failed;
    }

    /// <summary>The video meeting was deleted at its provider (undoing a failed schedule).</summary>
    public void VideoMeetingDeleted() => ProviderMeetingId = null;

    /// <summary>A failed meeting whose video meeting still exists at the provider.</summary>
    public bool NeedsCleanup => Status == MeetingStatus.Failed && ProviderMeetingId is not null;

    private void EnsureScheduling()
    {
        if (Status != MeetingStatus.Scheduling)
        {
            throw new InvalidOperationException($"Only a meeting being scheduled can change this way (it is {Status}).");
        }
    }

    public bool IsVisibleTo(Guid personId) => OrganizerId == personId || _participants.Exists(p => p.PersonId == personId);
}
