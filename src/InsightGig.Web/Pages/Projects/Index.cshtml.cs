using InsightGig.Application.Projects.ListProjects;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Projects;

public sealed class IndexModel(ISender sender) : PageModel
{
    public IReadOnlyList<ProjectListItem> Projects { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Projects = await sender.Send(new ListProjectsQuery(), cancellationToken);
}
