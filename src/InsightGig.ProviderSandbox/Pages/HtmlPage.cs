using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace InsightGig.ProviderSandbox.Pages;

/// <summary>The sandbox's page layout: semantic HTML, no JavaScript, one small inline style sheet.</summary>
internal static class HtmlPage
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1f1f1f;line-height:1.5}
        main{max-width:28rem;margin:2rem auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px #0003}
        h1{font-size:1.5rem;margin-top:0}h2{font-size:1.1rem}
        label{display:block;font-weight:600;margin:.75rem 0 .25rem}
        input[type=email]{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #767676;border-radius:4px}
        button{font-size:1rem;padding:.5rem 1rem;margin:.5rem .5rem .5rem 0;border-radius:4px;border:1px solid #0b57d0;background:#0b57d0;color:#fff;cursor:pointer}
        button.secondary{background:#fff;color:#0b57d0}
        button.account{display:block;width:100%;text-align:left;background:#fff;color:#1f1f1f;border-color:#c4c7c5}
        button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #f9a825;outline-offset:2px}
        ul.plain{list-style:none;padding:0}
        .error{color:#b3261e;font-weight:600}
        footer{text-align:center;font-size:.85rem;color:#444}
        """;

    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? string.Empty);

    public static IResult Render(string title, string body, int statusCode = StatusCodes.Status200OK) =>
        new HtmlPageResult(Document(title, body), statusCode);

    public static IResult Error(string title, string message, int statusCode = StatusCodes.Status400BadRequest) =>
        Render(title, $"""
            <h1>{E(title)}</h1>
            <p class="error" role="alert">{E(message)}</p>
            <p>Nothing was sent back to the app. Start again from the app.</p>
            """, statusCode);

    /// <summary>A hidden field carrying the single-use pending-authorization id.</summary>
    public static string PendingField(string pendingId) => $"""<input type="hidden" name="pending" value="{E(pendingId)}">""";

    private static string Document(string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)}</title>
        <style>{Style}</style>
        </head>
        <body>
        <main>
        {body}
        </main>
        <footer><p>InsightGig provider sandbox: an emulator for development and tests, not the real service.</p></footer>
        </body>
        </html>
        """;

    private sealed class HtmlPageResult(string html, int statusCode) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            HttpResponse response = httpContext.Response;
            response.StatusCode = statusCode;
            response.ContentType = "text/html; charset=utf-8";
            // Consent pages must not be framed (clickjacking) nor cached; no scripts are ever needed.
            response.Headers.CacheControl = "no-store";
            response.Headers.XFrameOptions = "DENY";
            response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
            response.Headers["Referrer-Policy"] = "no-referrer";
            return response.WriteAsync(html, Encoding.UTF8, httpContext.RequestAborted);
        }
    }
}
