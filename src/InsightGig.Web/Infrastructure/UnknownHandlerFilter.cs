using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace InsightGig.Web.Infrastructure;

/// <summary>
/// A request that selects no handler of a page (a POST to a page without <c>OnPost</c>, <c>?handler=</c> a name the page
/// does not have) is 404. Razor Pages would render the page without running any handler, on a model that loaded nothing:
/// a 500 on every page that loads its content in <c>OnGet</c>. Registered for every page, so a new page is covered too.
/// </summary>
internal sealed class UnknownHandlerFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        var readOnly = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        // The status pages answer whatever method failed; a page with no handlers at all is a plain page to read.
        var reExecutedStatusPage = context.HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null;
        if (context.HandlerMethod is null && !reExecutedStatusPage && (context.ActionDescriptor.HandlerMethods.Count > 0 || !readOnly))
        {
            context.Result = new NotFoundResult();
            return Task.CompletedTask;
        }

        return next();
    }
}
