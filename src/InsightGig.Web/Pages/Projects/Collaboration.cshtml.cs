using InsightGig.Application.Meetings.GetMyMeetings;
using InsightGig.Application.Meetings.ListContextMeetings;
using InsightGig.Application.Projects.GetProjectCollaboration;
using InsightGig.Domain.Meetings;
using InsightGig.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace InsightGig.Web.Pages.Projects;

/// <summary>The project collaboration page; another organisation's project is a 404.</summary>
public sealed class CollaborationModel(ISender sender) : SchedulingPageModel(sender)
{
    public ProjectCollaboration Project { get; private set; } = null!;

    public IReadOnlyList<MeetingListItem> UpcomingMeetings { get; private set; } = [];

    protected override MeetingContextKind ContextKind => MeetingContextKind.Project;

    protected override async Task<IActionResult?> LoadPageAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await Sender.Send(new GetProjectCollaborationQuery(id), cancellationToken);
        if (result.IsFailure)
        {
            return NotFound();
        }

        Project = result.Value;
        UpcomingMeetings = await Sender.Send(new ListContextMeetingsQuery(MeetingContextKind.Project, id), cancellationToken);
        return null;
    }
}
