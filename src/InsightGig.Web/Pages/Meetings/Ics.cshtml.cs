using System.Text;
using InsightGig.Application.Meetings.GetMeetingIcs;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Meetings;

/// <summary>"Add to calendar": the meeting as an .ics file for its organizer and participants (404 for anyone else).</summary>
public sealed class IcsModel(ISender sender) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new GetMeetingIcsQuery(id), cancellationToken);
        if (result.IsFailure)
        {
            return NotFound();
        }

        // The file changes with every change of the meeting: never serve an old SEQUENCE from a cache.
        Response.Headers.CacheControl = "no-store";
        return File(Encoding.UTF8.GetBytes(result.Value.Content), CalendarFile.ContentType, result.Value.FileName);
    }
}
