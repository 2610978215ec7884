using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Errors;

/// <summary>Friendly pages for status codes; a 404 never says whether the thing exists for someone else.</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Heading { get; private set; } = "Something went wrong";

    public string Explanation { get; private set; } = "Please try again in a moment.";

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        (Heading, Explanation) = code switch
        {
            404 => ("Page not found", "There is nothing here, or you do not have access to it."),
            403 => ("Not allowed", "Your account cannot open this page."),
            400 => ("That request was not valid", "Please go back, check what you entered and try again."),
            429 => ("Too many requests", "Please wait a moment and try again."),
            _ => ("Something went wrong", "We could not complete that. Nothing you had saved was lost; please try again."),
        };
    }
}
