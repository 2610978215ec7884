using System.Net;
using System.Text.RegularExpressions;

namespace InsightGig.ProviderSandbox.Tests.Infrastructure;

/// <summary>Just enough HTML reading to post the sandbox's forms as a browser would.</summary>
public static partial class HtmlForms
{
    public sealed record Form(string Action, IReadOnlyDictionary<string, string> Hidden, IReadOnlyList<KeyValuePair<string, string>> Buttons, bool HasEmailField);

    public static IReadOnlyList<Form> Parse(string html) =>
        [.. FormPattern().Matches(html).Select(match =>
        {
            string inner = match.Groups["body"].Value;
            Dictionary<string, string> hidden = HiddenPattern().Matches(inner)
                .ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
            KeyValuePair<string, string>[] buttons = [.. ButtonPattern().Matches(inner)
                .Select(m => KeyValuePair.Create(m.Groups["name"].Value, WebUtility.HtmlDecode(m.Groups["value"].Value)))];
            return new Form(WebUtility.HtmlDecode(match.Groups["action"].Value), hidden, buttons, inner.Contains("type=\"email\"", StringComparison.Ordinal));
        })];

    public static Form Find(string html, string actionSuffix, bool withEmailField = false) =>
        Parse(html).First(form => form.Action.EndsWith(actionSuffix, StringComparison.Ordinal) && (!withEmailField || form.HasEmailField));

    /// <summary>Posts a form with its hidden fields plus <paramref name="fields"/>.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, Form form, params (string Name, string Value)[] fields)
    {
        IEnumerable<KeyValuePair<string, string>> values = form.Hidden.Concat(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
        using var content = new FormUrlEncodedContent(values);
        return await client.PostAsync(new Uri(form.Action, UriKind.Relative), content, SandboxHarness.Ct);
    }

    [GeneratedRegex("""<form method="post" action="(?<action>[^"]+)">(?<body>.*?)</form>""", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)">""")]
    private static partial Regex HiddenPattern();

    [GeneratedRegex("""<button type="submit"[^>]*?name="(?<name>[^"]+)" value="(?<value>[^"]*)"[^>]*>""")]
    private static partial Regex ButtonPattern();
}
