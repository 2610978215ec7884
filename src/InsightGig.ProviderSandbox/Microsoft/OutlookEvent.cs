namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>An attendee of an Outlook event and their answer.</summary>
internal sealed class OutlookAttendee
{
    public required string Email { get; init; }
    public string? Name { get; set; }
    public string Type { get; set; } = "required";
    public string Response { get; set; } = GraphEnums.None;
    public DateTimeOffset? ResponseTime { get; set; }

    /// <summary>
    /// The answer on the attendee's own copy when it differs from what the organizer was told (answered with
    /// <c>sendResponse: false</c>); null when the copy reads <see cref="Response"/>.
    /// </summary>
    public string? UntoldResponse { get; set; }
    public DateTimeOffset? UntoldResponseTime { get; set; }
}

/// <summary>
/// One event of an organizer's Outlook calendar. Mutable, guarded by <see cref="OutlookCalendarStore"/>'s lock; every change takes
/// the store's next version (what <c>calendarView/delta</c> reads) and a new change key.
/// </summary>
internal sealed class OutlookEvent
{
    public required string Id { get; init; }
    public required string OwnerId { get; init; }
    public required string OwnerEmail { get; init; }
    public required string OwnerName { get; init; }
    public required string ICalUId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string? TransactionId { get; init; }

    public DateTimeOffset LastModifiedAt { get; set; }
    public string ChangeKey { get; set; } = string.Empty;
    public long Version { get; set; }

    /// <summary>Gone from the organizer's calendar (deleted or cancelled): reads as 404, delta answers <c>@removed</c>.</summary>
    public bool Removed { get; set; }

    /// <summary>Cancelled as a meeting: the attendees' invitations read "Canceled".</summary>
    public bool Cancelled { get; set; }
    public string? CancelComment { get; set; }

    public string Subject { get; set; } = string.Empty;
    public string BodyType { get; set; } = "text";
    public string BodyContent { get; set; } = string.Empty;
    public DateTimeOffset Start { get; set; }
    public DateTimeOffset End { get; set; }
    public string StartZone { get; set; } = "UTC";
    public string EndZone { get; set; } = "UTC";
    public string? Location { get; set; }
    public List<OutlookAttendee> Attendees { get; } = [];
    public bool IsOnlineMeeting { get; set; }
    public string OnlineMeetingProvider { get; set; } = GraphEnums.Unknown;
    public string? JoinUrl { get; set; }
    public string Importance { get; set; } = "normal";
    public string Sensitivity { get; set; } = "normal";
    public string ShowAs { get; set; } = "busy";
    public bool IsReminderOn { get; set; } = true;
    public int ReminderMinutesBeforeStart { get; set; } = 15;
    public List<string> Categories { get; } = [];
    public bool ResponseRequested { get; set; } = true;
    public bool AllowNewTimeProposals { get; set; } = true;
    public bool HideAttendees { get; set; }

    /// <summary>In a calendar view from <paramref name="from"/> to <paramref name="to"/> (overlapping it, as Graph's calendarView).</summary>
    public bool IsIn(DateTimeOffset from, DateTimeOffset to) => !Removed && Overlaps(from, to);

    /// <summary>Its times overlap <paramref name="from"/> to <paramref name="to"/> (an event of no length: starts in it).</summary>
    public bool Overlaps(DateTimeOffset from, DateTimeOffset to) => Start < to && (End > from || (End == Start && Start >= from));
}
