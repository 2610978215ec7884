using InsightGig.Application.Integrations.ConnectGoogleCalendar;
using InsightGig.Application.Integrations.Linking;
using InsightGig.Application.Integrations.LinkZoomAccount;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Common;
using InsightGig.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Integrations;

/// <summary>Where Zoom and Google send the browser back after consent. Success returns the user where they started.</summary>
[RateLimited(RateLimit.Linking)]
public sealed class CallbackModel(ISender sender) : PageModel
{
    public string ProviderName { get; private set; } = "The account";

    public async Task<IActionResult> OnGetAsync(string provider, string? state, string? code, string? error, CancellationToken cancellationToken)
    {
        ICommand<Result<AccountLinked>>? command = provider switch
        {
            ProviderKeys.Zoom => new LinkZoomAccountCommand(state ?? string.Empty, code, error),
            ProviderKeys.Google => new ConnectGoogleCalendarCommand(state ?? string.Empty, code, error),
            _ => null,
        };
        if (command is null)
        {
            return NotFound();
        }

        ProviderName = provider == ProviderKeys.Zoom ? "Zoom" : "Google Calendar";
        var result = (Result<AccountLinked>)(await sender.Send(command, cancellationToken))!;
        if (result.IsSuccess)
        {
            TempData[StatusMessage.LinkedKey] = $"{ProviderName} is connected ({result.Value.AccountEmail}).";
            return LocalRedirect(result.Value.ReturnUrl);
        }

        this.FailureResponse(result);
        Response.StatusCode = result.Errors.Any(e => e.Kind == ErrorKind.Unavailable) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest;
        return Page();
    }
}
