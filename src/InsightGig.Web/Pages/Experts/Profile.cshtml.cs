using InsightGig.Application.Directory.GetExpertProfile;
using InsightGig.Domain.Meetings;
using InsightGig.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace InsightGig.Web.Pages.Experts;

/// <summary>An expert's profile (full view), with the Schedule a meeting button for a 1:1.</summary>
public sealed class ProfileModel(ISender sender) : SchedulingPageModel(sender)
{
    public ExpertProfile Expert { get; private set; } = null!;

    protected override MeetingContextKind ContextKind => MeetingContextKind.ExpertProfile;

    protected override async Task<IActionResult?> LoadPageAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await Sender.Send(new GetExpertProfileQuery(id), cancellationToken);
        if (result.IsFailure)
        {
            return NotFound();
        }

        Expert = result.Value;
        return null;
    }
}
