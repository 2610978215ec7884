using InsightGig.Application.Integrations.CompleteAccountLink;
using InsightGig.Application.Integrations.GetProviders;
using InsightGig.Web.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Integrations;

/// <summary>Where every provider sends the browser back after consent. Success returns the user where they started.</summary>
[RateLimited(RateLimit.Linking)]
public sealed class CallbackModel(ISender sender) : PageModel
{
    public string ProviderName { get; private set; } = "The account";

    public async Task<IActionResult> OnGetAsync(string provider, string? state, string? code, string? error, CancellationToken cancellationToken)
    {
        if ((await sender.Send(new GetProvidersQuery(), cancellationToken)).Find(provider) is not { } descriptor)
        {
            return NotFound();
        }

        ProviderName = descriptor.ServiceName;
        var result = await sender.Send(new CompleteAccountLinkCommand(provider, state ?? string.Empty, code, error), cancellationToken);
        if (result.IsSuccess)
        {
            TempData[StatusMessage.LinkedKey] = $"{ProviderName} is connected ({result.Value.AccountEmail}).";
            return LocalRedirect(result.Value.ReturnUrl);
        }

        if (this.FailureResponse(result) is { } notFound)
        {
            return notFound;
        }

        return Page();
    }
}
