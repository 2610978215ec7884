using Microsoft.AspNetCore.Http;

namespace InsightGig.ProviderSandbox.Common;

/// <summary>Adds a response header, then runs another result.</summary>
internal sealed class WithHeaderResult(IResult inner, string name, string value) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers[name] = value;
        return inner.ExecuteAsync(httpContext);
    }
}
