using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Pages.Errors;

/// <summary>
/// Friendly pages for status codes; a 404 never says whether the thing exists for someone else. A 400 says what to fix when
/// the cause is known: a form the server could not read (a NUL, more values or longer values than a form may hold), which
/// is refused before any page sees it, or a form that is out of date.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public const string UnsendableCharacter = "What you entered contains a character a form cannot send (such as NUL, a control character). Go back, remove it and try again.";
    public const string FormTooLarge = "The form held more than InsightGig accepts (too many values, or a value far too long). Go back, shorten what you entered and try again.";
    public const string FormNotAccepted = "The form could not be accepted: it may be out of date. Reload the page and try again.";

    public string Heading { get; private set; } = "Something went wrong";

    public string Explanation { get; private set; } = "Please try again in a moment.";

    // No handler parameters: binding one would read the failed request's form again, and that form may be unreadable.
    public async Task OnGetAsync() => await DescribeAsync();

    public async Task OnPostAsync() => await DescribeAsync();

    private async Task DescribeAsync()
    {
        var code = int.TryParse(RouteData.Values["code"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
        (Heading, Explanation) = code switch
        {
            404 => ("Page not found", "There is nothing here, or you do not have access to it."),
            403 => ("Not allowed", "Your account cannot open this page."),
            400 => ("That request was not valid", await WhatToFixAsync()),
            429 => ("Too many requests", "Please wait a moment and try again."),
            _ => ("Something went wrong", "We could not complete that. Nothing you had saved was lost; please try again."),
        };
    }

    /// <summary>Why a request was refused before a page saw it, from its form (read once: a failed read is remembered, not repeated).</summary>
    private async Task<string> WhatToFixAsync()
    {
        const string CheckInput = "Please go back, check what you entered and try again.";
        if (!Request.HasFormContentType)
        {
            return CheckInput;
        }

        try
        {
            await Request.ReadFormAsync(HttpContext.RequestAborted);
            return FormNotAccepted;
        }
        catch (InvalidDataException ex)
        {
            // The decoder refuses a NUL (its inner exception); the form limits (value count, value length) refuse the rest.
            return ex.InnerException is InvalidOperationException ? UnsendableCharacter : FormTooLarge;
        }
        catch (Exception ex) when (ex is IOException or BadHttpRequestException)
        {
            return CheckInput;
        }
    }
}
