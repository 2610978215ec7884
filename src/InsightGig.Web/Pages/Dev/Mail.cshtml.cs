using InsightGig.Application.Notifications.ListNotifications;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Dev;

/// <summary>
/// Development's mail catcher: with no mail server configured, every email InsightGig "sends" is listed here with its text
/// and HTML. Any other environment answers 404.
/// </summary>
public sealed class MailModel(ISender sender, IWebHostEnvironment environment, IConfiguration configuration) : PageModel
{
    public IReadOnlyList<NotificationRow> Mails { get; private set; } = [];

    /// <summary>
    /// The mail server the emails really went to (<c>Email:Smtp:Host</c>, and <c>:Port</c> when set), or null when none is
    /// configured and they stop here: the page must not tell a developer pointed at a real server that nothing left the
    /// machine. Read from configuration, as the page may not reach Infrastructure's options.
    /// </summary>
    public string? MailServer => configuration["Email:Smtp:Host"] is { Length: > 0 } host
        ? configuration["Email:Smtp:Port"] is { Length: > 0 } port ? $"{host}:{port}" : host
        : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment())
        {
            return NotFound();
        }

        var mails = await sender.Send(new ListNotificationsQuery(SentOnly: true), cancellationToken);
        Mails = mails.IsSuccess ? mails.Value : [];
        return Page();
    }

    /// <summary>One mail's HTML as the recipient's mail program would show it (sandboxed: no script, no forms).</summary>
    public async Task<IActionResult> OnGetHtmlAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment())
        {
            return NotFound();
        }

        var mails = await sender.Send(new ListNotificationsQuery(SentOnly: true, Take: 1000), cancellationToken);
        var mail = mails.IsSuccess ? mails.Value.FirstOrDefault(m => m.Id == id) : null;
        if (mail?.HtmlBody is null)
        {
            return NotFound();
        }

        Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'";
        return Content(mail.HtmlBody, "text/html; charset=utf-8");
    }
}
