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
public sealed class ConnectModel(ISender sender, ProviderCallbackUrls callbackUrls) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Account/ConnectedApps");

    // On the POST only: opening the address is a redirect back and must not spend the linking budget.
    [RateLimited(RateLimit.Linking)]
    public async Task<IActionResult> OnPostAsync(string provider, string? returnUrl, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new StartAccountLinkCommand(provider, callbackUrls.For(provider, Request), returnUrl), cancellationToken);
        if (this.FailureResponse(result) is { } failure)
        {
            return failure;
        }

        return result.IsFailure ? Page() : Redirect(result.Value.AbsoluteUri);
    }
}
