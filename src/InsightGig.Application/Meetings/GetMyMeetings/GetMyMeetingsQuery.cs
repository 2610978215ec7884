using InsightGig.Domain.Common;
using InsightGig.Domain.Meetings;
using Mediator;

namespace InsightGig.Application.Meetings.GetMyMeetings;

/// <summary>The tabs of My meetings.</summary>
public enum MeetingsTab
{
    /// <summary>Not over yet, soonest first.</summary>
    Upcoming = 0,

    /// <summary>Over, most recent first.</summary>
    Past = 1,

    /// <summary>Cancelled, or never made (the providers refused), most recent first.</summary>
    Cancelled = 2,
}

/// <summary>
/// One page of one tab of the signed-in user's meetings (as organizer or participant), optionally narrowed to those whose
/// title, or a participant's or the organizer's name or email, contains <paramref name="Search"/> in any case.
/// </summary>
/// <param name="Page">1-based; a page past the last answers the last.</param>
public sealed record GetMyMeetingsQuery(MeetingsTab Tab = MeetingsTab.Upcoming, string? Search = null, int Page = 1) : IQuery<Result<MyMeetingsPage>>
{
    public const int PageSize = 20;

    public const int SearchMaxLength = 100;
}

/// <param name="Search">The search as applied (trimmed), or null.</param>
/// <param name="Counts">How many meetings each tab holds, with the search applied.</param>
public sealed record MyMeetingsPage(MeetingsTab Tab, string? Search, IReadOnlyList<MeetingListItem> Meetings, int Page, MeetingsTabCounts Counts)
{
    public int Total => Counts.For(Tab);

    public int PageCount => PageCountFor(Total);

    public bool HasPrevious => Page > 1;

    public bool HasNext => Page < PageCount;

    /// <summary>The 1-based position of the page's first meeting in the tab.</summary>
    public int First => ((Page - 1) * GetMyMeetingsQuery.PageSize) + 1;

    public int Last => First + Meetings.Count - 1;

    /// <summary>How many pages <paramref name="total"/> meetings fill (at least one, so an empty tab still has its page).</summary>
    public static int PageCountFor(int total) => Math.Max(1, (total + GetMyMeetingsQuery.PageSize - 1) / GetMyMeetingsQuery.PageSize);
}

public sealed record MeetingsTabCounts(int Upcoming, int Past, int Cancelled)
{
    public int For(MeetingsTab tab) => tab switch
    {
        MeetingsTab.Past => Past,
        MeetingsTab.Cancelled => Cancelled,
        _ => Upcoming,
    };
}

/// <param name="Platform">The platform key.</param>
/// <param name="PlatformName">The platform as people know it.</param>
/// <param name="PlatformIcon">The platform's icon path under the web root.</param>
/// <param name="IsOver">It has ended (as of the query): no join link.</param>
public sealed record MeetingListItem(
    Guid Id,
    string Title,
    string Platform,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    string? JoinUrl,
    MeetingStatus Status,
    MeetingContextKind ContextKind,
    Guid ContextId,
    string OrganizerName,
    bool IsOrganizer,
    IReadOnlyList<string> ParticipantNames,
    string PlatformName,
    string PlatformIcon,
    bool IsOver = false)
{
    /// <summary>For its organizer: proposals of a new time waiting for a decision.</summary>
    public int OpenProposals { get; init; }

    /// <summary>For its organizer: participants who declined.</summary>
    public int Declines { get; init; }

    /// <summary>Participants not in <see cref="ParticipantNames"/>, which are those this viewer is shown (<see cref="Scheduling.ParticipantVisibility"/>): "and N others".</summary>
    public int OtherParticipants { get; init; }
}
