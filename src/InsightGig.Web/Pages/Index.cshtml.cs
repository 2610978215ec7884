using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
