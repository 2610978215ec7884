using InsightGig.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace InsightGig.Web.Infrastructure;

/// <summary>Maps expected failures to what a page answers: not found is 404, invalid input goes next to its field.</summary>
internal static class ResultPageExtensions
{
    public static IActionResult? FailureResponse(this PageModel page, Result result, string? fieldPrefix = null)
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
            var key = error.Field is null ? string.Empty : fieldPrefix is null ? error.Field : $"{fieldPrefix}.{error.Field}";
            page.ModelState.AddModelError(key, error.Message);
        }

        return null;
    }
}
