using InsightGig.Application.Integrations.GetProviders;
using InsightGig.Application.Meetings.GetMyInvitations;
using InsightGig.Infrastructure.Identity;
using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages;

public sealed class IndexModel(ISender sender) : PageModel
{
    /// <summary>The provider units, for the page's words (the platforms and calendars it names).</summary>
    public ProviderList Providers { get; private set; } = new([], []);

    /// <summary>An expert's calls and the answers expected from them; null for everyone else (clients and staff schedule).</summary>
    public MyInvitations? Invitations { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Providers = await sender.Send(new GetProvidersQuery(), cancellationToken);
        if (User.IsInRole(Roles.Expert))
        {
            Invitations = await sender.Send(new GetMyInvitationsQuery(), cancellationToken);
        }
    }

    /// <summary>"A or B" (or "A, B or C").</summary>
    public static string Either(IEnumerable<string> names)
    {
        var list = names.Distinct().ToList();
        return list.Count <= 1 ? string.Join(string.Empty, list) : string.Join(", ", list[..^1]) + " or " + list[^1];
    }

    /// <summary>"A and B" (or "A, B and C").</summary>
    public static string Both(IEnumerable<string> names)
    {
        var list = names.Distinct().ToList();
        return list.Count <= 1 ? string.Join(string.Empty, list) : string.Join(", ", list[..^1]) + " and " + list[^1];
    }
}
