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

    /// <summary>Records what the providers created; the meeting is then live.</summary>
    public void MarkScheduled(string? providerMeetingId, string? calendarEventId, string joinUrl)
    {
        if (Status != MeetingStatus.Scheduling)
        {
            throw new InvalidOperationException($"Only a meeting being scheduled can be confirmed (it is {Status}).");
        }

        ProviderMeetingId = providerMeetingId;
        CalendarEventId = calendarEventId;
        JoinUrl = Guard.NotBlank(joinUrl, 2048, nameof(joinUrl));
        Status = MeetingStatus.Scheduled;
    }

    /// <summary>The providers refused and what they had made was undone.</summary>
    public void MarkFailed()
    {
        if (Status != MeetingStatus.Scheduling)
        {
            throw new InvalidOperationException($"Only a meeting being scheduled can fail (it is {Status}).");
        }

        Status = MeetingStatus.Failed;
    }

    public bool IsVisibleTo(Guid personId) => OrganizerId == personId || _participants.Exists(p => p.PersonId == personId);
}
