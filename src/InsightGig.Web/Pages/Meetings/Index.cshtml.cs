using System.Globalization;
using InsightGig.Application.Meetings.GetMyMeetings;
using InsightGig.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Meetings;

/// <summary>
/// My meetings: Upcoming, Past and Cancelled as links (<c>?tab=past</c>), a search (<c>?q=</c>) and pages (<c>?p=2</c>),
/// all in the query string so every view works without script and can be bookmarked. Not <c>page</c>: Razor Pages routes by it.
/// </summary>
public sealed class IndexModel(ISender sender) : PageModel
{
    public static IReadOnlyList<MeetingsTab> Tabs { get; } = [MeetingsTab.Upcoming, MeetingsTab.Past, MeetingsTab.Cancelled];

    private static readonly Dictionary<string, MeetingsTab> TabsByKey = Tabs.ToDictionary(Key, StringComparer.OrdinalIgnoreCase);

    [BindProperty(SupportsGet = true, Name = "tab")]
    public string? TabKey { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public string? PageNumber { get; set; }

    public MeetingsTab Tab { get; private set; }

    /// <summary>The page of meetings; null when the request could not be answered (the errors say why).</summary>
    public MyMeetingsPage? Meetings { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            // Text the binder refused (control characters): said next to the search, nothing looked up.
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Tab = MeetingsTab.Upcoming;
        if (!string.IsNullOrEmpty(TabKey))
        {
            if (TabsByKey.TryGetValue(TabKey, out var tab))
            {
                Tab = tab;
            }
            else
            {
                ModelState.AddModelError("tab", "There is no such tab: choose Upcoming, Past or Cancelled.");
            }
        }

        var number = 1;
        if (!string.IsNullOrEmpty(PageNumber) && !int.TryParse(PageNumber, NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            ModelState.AddModelError("p", "Pages are numbered from 1.");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var result = await sender.Send(new GetMyMeetingsQuery(Tab, Search, number), cancellationToken);
        if (this.FailureResponse(result) is { } failure)
        {
            return failure;
        }

        Meetings = result.IsSuccess ? result.Value : null;
        return Page();
    }

    public static string Key(MeetingsTab tab) => tab switch
    {
        MeetingsTab.Past => "past",
        MeetingsTab.Cancelled => "cancelled",
        _ => "upcoming",
    };

    /// <summary>This page with <paramref name="tab"/>, the current search and page <paramref name="page"/>, leaving out defaults.</summary>
    public string Link(MeetingsTab tab, int page = 1) =>
        Url.Page("/Meetings/Index", new
        {
            tab = tab == MeetingsTab.Upcoming ? null : Key(tab),
            q = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
            p = page == 1 ? (int?)null : page,
        }) ?? "/Meetings";
}
