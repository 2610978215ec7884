using System.Net;
using AngleSharp.Html.Parser;

namespace InsightGig.Web.Tests;

/// <summary>
/// Follows the same-origin links of a signed-in session breadth-first from the home page (bounded), and checks that
/// every page, stylesheet, script and image it references answers 200.
/// </summary>
internal static class LinkCrawler
{
    public const int MaxPages = 100;

    public static async Task<CrawlResult> CrawlAsync(HttpClient client, string start = "/")
    {
        ArgumentNullException.ThrowIfNull(client);
        var parser = new HtmlParser();
        var queue = new Queue<(string Url, string From)>([(start, "(start)")]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var broken = new List<string>();
        var pages = new List<string>();
        var assets = new HashSet<string>(StringComparer.Ordinal);

        while (queue.Count > 0 && pages.Count < MaxPages)
        {
            var (url, from) = queue.Dequeue();
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                broken.Add($"{url} (linked from {from}) answered {(int)response.StatusCode}");
                continue;
            }

            pages.Add(url);
            if (response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            var document = await parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
            foreach (var href in document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (IsSameOrigin(href) && seen.Add(WithoutFragment(href)))
                {
                    queue.Enqueue((WithoutFragment(href), url));
                }
            }

            foreach (var asset in document.QuerySelectorAll("link[href], script[src], img[src]")
                         .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!)
                         .Where(IsSameOrigin))
            {
                assets.Add(asset);
            }
        }

        foreach (var asset in assets)
        {
            using var response = await client.GetAsync(new Uri(asset, UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                broken.Add($"asset {asset} answered {(int)response.StatusCode}");
            }
        }

        return new CrawlResult(pages, [.. assets], broken, queue.Count);
    }

    private static bool IsSameOrigin(string href) => href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal);

    private static string WithoutFragment(string href) => href.Split('#')[0] is { Length: > 0 } path ? path : "/";
}

internal sealed record CrawlResult(IReadOnlyList<string> Pages, IReadOnlyList<string> Assets, IReadOnlyList<string> Broken, int NotVisited);
