using InsightGig.Application.Briefs.ListBriefs;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Briefs;

public sealed class IndexModel(ISender sender) : PageModel
{
    public IReadOnlyList<BriefListItem> Briefs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Briefs = await sender.Send(new ListBriefsQuery(), cancellationToken);
}
