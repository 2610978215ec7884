using InsightGig.Application.Integrations.StartAccountLink;
using InsightGig.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Integrations;

/// <summary>
/// Starts linking a provider account. A POST with antiforgery, so no other site can make a user link an account;
/// answers a redirect to the provider's consent page.
/// </summary>
[RateLimited(RateLimit.Linking)]
public sealed class ConnectModel(ISender sender, ProviderCallbackUrls callbackUrls) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Account/ConnectedApps");

    public async Task<IActionResult> OnPostAsync(string provider, string? returnUrl, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new StartAccountLinkCommand(provider, callbackUrls.For(provider, Request), returnUrl), cancellationToken);
        if (this.FailureResponse(result) is { } failure)
        {
            return failure;
        }

        if (result.IsFailure)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return Redirect(result.Value.AbsoluteUri);
    }
}
