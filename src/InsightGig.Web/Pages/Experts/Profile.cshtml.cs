using InsightGig.Application.Directory.GetExpertProfile;
using InsightGig.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Experts;

/// <summary>An expert's profile (full view), with the Schedule a meeting button for a 1:1.</summary>
public sealed class ProfileModel(ISender sender) : PageModel
{
    public ExpertProfile Expert { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new GetExpertProfileQuery(id), cancellationToken);
        if (this.FailureResponse(result) is { } failure)
        {
            return failure;
        }

        Expert = result.Value;
        return Page();
    }
}
