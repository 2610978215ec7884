using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace InsightGig.Web.Tests;

internal static class Html
{
    public static async Task<IDocument> ReadDocumentAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var html = await response.Content.ReadAsStringAsync();
        return await new HtmlParser().ParseDocumentAsync(html);
    }

    public static async Task<(HttpResponseMessage Response, IDocument Document)> GetPageAsync(this HttpClient client, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        return (response, await response.ReadDocumentAsync());
    }

    public static string MainText(this IDocument document) =>
        document.QuerySelector("main")?.TextContent ?? throw new InvalidOperationException("The page has no <main>.");
}
