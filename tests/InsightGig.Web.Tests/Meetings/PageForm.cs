using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace InsightGig.Web.Tests.Meetings;

/// <summary>
/// A form on a page as a browser submits it: its fields as rendered (hidden ones, text, dates, text areas, ticked boxes, chosen options),
/// with some replaced by what the person types or chooses.
/// </summary>
internal sealed class PageForm
{
    private readonly List<KeyValuePair<string, string>> _fields;

    private PageForm(Uri action, List<KeyValuePair<string, string>> fields)
    {
        Action = action;
        _fields = fields;
    }

    public Uri Action { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    public string? this[string name] => _fields.FirstOrDefault(f => f.Key == name).Value;

    public static PageForm From(IDocument page, string formSelector)
    {
        ArgumentNullException.ThrowIfNull(page);
        var form = page.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"The page has no form {formSelector}:\n{page.QuerySelector("main")?.TextContent}");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            var name = element.GetAttribute("name")!;
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box:
                    if (box.IsChecked)
                    {
                        fields.Add(KeyValuePair.Create(name, box.Value));
                    }

                    break;
                case IHtmlSelectElement select:
                    fields.Add(KeyValuePair.Create(name, select.Value ?? string.Empty));
                    break;
                case IHtmlTextAreaElement area:
                    fields.Add(KeyValuePair.Create(name, area.Value));
                    break;
                default:
                    fields.Add(KeyValuePair.Create(name, element.GetAttribute("value") ?? string.Empty));
                    break;
            }
        }

        return new PageForm(new Uri(form.GetAttribute("action")!, UriKind.Relative), fields);
    }

    /// <summary>
    /// Another form of the same page's session posting to <paramref name="action"/>: only this form's antiforgery token is
    /// kept (as a hand-made request of a signed-in person would send it).
    /// </summary>
    public PageForm PostingTo(string action) =>
        new(new Uri(action, UriKind.Relative), [.. _fields.Where(f => f.Key == "__RequestVerificationToken")]);

    /// <summary>Replaces every value of <paramref name="name"/> by <paramref name="values"/> (none: the field is not sent).</summary>
    public PageForm Set(string name, params string[] values)
    {
        _fields.RemoveAll(f => f.Key == name);
        _fields.AddRange(values.Select(v => KeyValuePair.Create(name, v)));
        return this;
    }

    public async Task<HttpResponseMessage> PostAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var content = new FormUrlEncodedContent(_fields);
        return await client.PostAsync(Action, content, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts and follows the redirect (PRG), answering the page it lands on.</summary>
    public async Task<IDocument> PostAndFollowAsync(HttpClient client, string expectedLocation)
    {
        using var response = await PostAsync(client);
        var body = response.StatusCode == HttpStatusCode.Redirect ? string.Empty : (await response.ReadDocumentAsync()).QuerySelector("main")?.TextContent;
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"POST {Action} answered {(int)response.StatusCode}: {body}");
        Assert.Equal(expectedLocation, response.Headers.Location?.OriginalString);
        var (page, document) = await client.GetPageAsync(expectedLocation);
        using (page)
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        return document;
    }
}
