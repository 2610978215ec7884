using InsightGig.Application.Integrations.ChooseInviteCalendar;
using InsightGig.Application.Integrations.DisconnectProvider;
using InsightGig.Application.Integrations.GetMyConnections;
using InsightGig.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Account;

/// <summary>Connect, reconnect and disconnect every provider; choose which calendar receives the invites.</summary>
public sealed class ConnectedAppsModel(ISender sender) : PageModel
{
    public IReadOnlyList<ConnectionItem> Connections { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Connections = await sender.Send(new GetMyConnectionsQuery(), cancellationToken);

    public async Task<IActionResult> OnPostDisconnectAsync(string provider, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new DisconnectProviderCommand(provider ?? string.Empty), cancellationToken);
        if (result.IsSuccess)
        {
            TempData[StatusMessage.Key] = result.Value.RevokedAtProvider
                ? "Disconnected. InsightGig no longer has access to that account."
                : "Disconnected here. The provider could not be reached to revoke access; you can also remove InsightGig in that account's settings.";
        }
        else
        {
            TempData[StatusMessage.ErrorKey] = result.FirstError.Message;
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostChooseCalendarAsync(string provider, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new ChooseInviteCalendarCommand(provider ?? string.Empty), cancellationToken);
        if (result.IsSuccess)
        {
            TempData[StatusMessage.Key] = "Your invites now go out from that calendar, and its changes are read back. Meetings already scheduled stay where they are.";
        }
        else
        {
            TempData[StatusMessage.ErrorKey] = result.FirstError.Message;
        }

        return RedirectToPage();
    }

    public string Describe(ConnectionState state) => state switch
    {
        ConnectionState.Connected => "Connected",
        ConnectionState.ReconnectNeeded => "Reconnect needed",
        ConnectionState.Disconnected => "Disconnected",
        _ => "Not connected",
    };
}
