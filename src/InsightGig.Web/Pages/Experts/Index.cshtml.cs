using InsightGig.Application.Directory.ListExperts;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Experts;

public sealed class IndexModel(ISender sender) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    public IReadOnlyList<ExpertListItem> Experts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Experts = await sender.Send(new ListExpertsQuery(Search is { Length: > 100 } ? Search[..100] : Search), cancellationToken);
}
