using InsightGig.Application.Projects.GetProjectCollaboration;
using InsightGig.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Projects;

/// <summary>The project collaboration page; another organisation's project is a 404.</summary>
public sealed class CollaborationModel(ISender sender) : PageModel
{
    public ProjectCollaboration Project { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new GetProjectCollaborationQuery(id), cancellationToken);
        if (this.FailureResponse(result) is { } failure)
        {
            return failure;
        }

        Project = result.Value;
        return Page();
    }
}
