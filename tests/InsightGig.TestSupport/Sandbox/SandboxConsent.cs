using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace InsightGig.TestSupport.Sandbox;

/// <summary>
/// A person in a browser on the sandbox's Zoom and Google pages: opens the consent URL the app redirected to, signs in
/// (Zoom) or chooses an account (Google) by typing the email, then presses Allow/Continue or Decline/Cancel. Answers where
/// the provider sends the browser back: the app's callback URL with <c>code</c> and <c>state</c> (or <c>error</c>).
/// </summary>
public static class SandboxConsent
{
    public static Task<Uri> ApproveAsync(Uri authorizationUri, string email) => DecideAsync(authorizationUri, email, allow: true);

    public static Task<Uri> DeclineAsync(Uri authorizationUri, string email) => DecideAsync(authorizationUri, email, allow: false);

    public static async Task<Uri> DecideAsync(Uri authorizationUri, string email, bool allow)
    {
        ArgumentNullException.ThrowIfNull(authorizationUri);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

        // Sign-in page (Zoom) or account chooser (Google): the form where another email can be typed.
        var signIn = await PageAsync(browser, authorizationUri, HttpMethod.Get, null);
        var emailForm = signIn.Forms.OfType<IHtmlFormElement>().FirstOrDefault(f => f.QuerySelector("input[name='email']") is not null)
            ?? throw new InvalidOperationException($"{authorizationUri.GetLeftPart(UriPartial.Path)} shows no form to enter an email:\n{signIn.Body?.TextContent}");
        var consent = await PageAsync(browser, Action(authorizationUri, emailForm), HttpMethod.Post, Fields(emailForm, ("email", email)));

        // Consent page: Allow/Continue, or the other button (Decline/Cancel).
        var decisionForm = consent.Forms.OfType<IHtmlFormElement>().FirstOrDefault(f => f.QuerySelector("button[name='decision']") is not null)
            ?? throw new InvalidOperationException($"The consent page has no decision buttons:\n{consent.Body?.TextContent}");
        var decision = decisionForm.QuerySelectorAll("button[name='decision']")
            .Select(b => b.GetAttribute("value") ?? string.Empty)
            .First(value => allow ? value == "allow" : value != "allow");
        var action = Action(authorizationUri, decisionForm);
        using var content = new FormUrlEncodedContent(Fields(decisionForm, ("decision", decision)));
        using var redirect = await browser.PostAsync(action, content);
        if (redirect.StatusCode != HttpStatusCode.Redirect || redirect.Headers.Location is not { } location)
        {
            throw new InvalidOperationException($"The consent decision answered {(int)redirect.StatusCode}, not a redirect back to the app.");
        }

        return location.IsAbsoluteUri ? location : new Uri(action, location);
    }

    private static async Task<IHtmlDocument> PageAsync(HttpClient browser, Uri uri, HttpMethod method, IEnumerable<KeyValuePair<string, string>>? form)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        using var response = await browser.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{method} {uri.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode}:\n{html}");
        }

        return await new HtmlParser().ParseDocumentAsync(html);
    }

    private static Uri Action(Uri page, IHtmlFormElement form) => new(page, form.GetAttribute("action") ?? string.Empty);

    private static List<KeyValuePair<string, string>> Fields(IHtmlFormElement form, params (string Name, string Value)[] extra) =>
    [
        .. form.QuerySelectorAll("input[type='hidden']")
            .Select(i => KeyValuePair.Create(i.GetAttribute("name") ?? string.Empty, i.GetAttribute("value") ?? string.Empty)),
        .. extra.Select(e => KeyValuePair.Create(e.Name, e.Value)),
    ];
}
