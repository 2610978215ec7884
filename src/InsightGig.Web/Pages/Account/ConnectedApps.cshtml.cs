using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Account;

public sealed class ConnectedAppsModel : PageModel
{
    public void OnGet()
    {
    }
}
