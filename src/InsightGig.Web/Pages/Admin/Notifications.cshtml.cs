using InsightGig.Application.Notifications.ListNotifications;
using InsightGig.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Admin;

/// <summary>The outbox for admins: failures first (a refused address, a mail server that said no), then the rest.</summary>
[Authorize(Policy = DependencyInjection.AdminPolicy)]
public sealed class NotificationsModel(ISender sender) : PageModel
{
    public IReadOnlyList<NotificationRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var rows = await sender.Send(new ListNotificationsQuery(), cancellationToken);
        if (this.FailureResponse(rows) is { } failure)
        {
            return failure;
        }

        Rows = rows.Value;
        return Page();
    }
}
