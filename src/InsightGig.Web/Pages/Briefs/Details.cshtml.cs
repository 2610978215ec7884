using InsightGig.Application.Briefs.GetBrief;
using InsightGig.Domain.Meetings;
using InsightGig.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace InsightGig.Web.Pages.Briefs;

/// <summary>A brief; the Schedule a meeting button makes a 1:1 with the brief's expert.</summary>
public sealed class DetailsModel(ISender sender) : SchedulingPageModel(sender)
{
    public BriefDetails Brief { get; private set; } = null!;

    protected override MeetingContextKind ContextKind => MeetingContextKind.Brief;

    protected override async Task<IActionResult?> LoadPageAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await Sender.Send(new GetBriefQuery(id), cancellationToken);
        if (result.IsFailure)
        {
            return NotFound();
        }

        Brief = result.Value;
        return null;
    }
}
