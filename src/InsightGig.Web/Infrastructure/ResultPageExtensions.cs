using InsightGig.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Infrastructure;

/// <summary>
/// The one way a page maps a failed <see cref="Result"/>: not found is 404; every other error goes into ModelState next to
/// its field, and the response status is 503 when a provider was unavailable (try again later), 400 otherwise.
/// Commands, their forms and the domain's errors use the same field names, so an error's field is the form's property as is.
/// </summary>
internal static class ResultPageExtensions
{
    /// <summary>
    /// Null on success, and also on a failure the page shows itself (re-rendered with the errors in ModelState and the status
    /// set); the response to return at once otherwise (404).
    /// </summary>
    /// <param name="form">The bound form property the command came from (e.g. <c>Form</c>): its fields' keys are <c>form.Field</c>
    /// and an error without a field belongs to the form as a whole.</param>
    public static IActionResult? FailureResponse(this PageModel page, Result result, string? form = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(result);
        if (result.IsSuccess)
        {
            return null;
        }

        if (result.Errors.Any(e => e.Kind == ErrorKind.NotFound))
        {
            return page.NotFound();
        }

        foreach (var error in result.Errors)
        {
            var key = (form, error.Field) switch
            {
                (null, null) => string.Empty,
                (null, { } field) => field,
                ({ } prefix, null) => prefix,
                ({ } prefix, { } field) => $"{prefix}.{field}",
            };
            page.ModelState.AddModelError(key, error.Message);
        }

        page.Response.StatusCode = result.Errors.Any(e => e.Kind == ErrorKind.Unavailable)
            ? StatusCodes.Status503ServiceUnavailable
            : StatusCodes.Status400BadRequest;
        return null;
    }
}
