using InsightGig.Application.Briefs.GetBrief;
using InsightGig.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Briefs;

/// <summary>A brief; the Schedule a meeting button makes a 1:1 with the brief's expert.</summary>
public sealed class DetailsModel(ISender sender) : PageModel
{
    public BriefDetails Brief { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new GetBriefQuery(id), cancellationToken);
        if (this.FailureResponse(result) is { } failure)
        {
            return failure;
        }

        Brief = result.Value;
        return Page();
    }
}
