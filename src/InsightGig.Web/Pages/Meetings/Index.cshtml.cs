using InsightGig.Application.Meetings.GetMyMeetings;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Meetings;

public sealed class IndexModel(ISender sender) : PageModel
{
    public IReadOnlyList<MeetingListItem> Meetings { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Meetings = await sender.Send(new GetMyMeetingsQuery(), cancellationToken);
}
