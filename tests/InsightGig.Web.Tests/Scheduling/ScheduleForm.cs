using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;

namespace InsightGig.Web.Tests.Scheduling;

/// <summary>The "Schedule a meeting" dialog's form as a browser submits it: its hidden fields (idempotency key, antiforgery token) plus what the person entered.</summary>
internal sealed record ScheduleForm(Uri Action, IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    public const string DateFormat = "yyyy-MM-dd'T'HH:mm";

    public static string Local(DateTime value) => value.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>Opens <paramref name="pageUrl"/> and fills its dialog; dates as the datetime-local inputs send them (or anything else).</summary>
    public static async Task<ScheduleForm> FillAsync(
        HttpClient client, string pageUrl, string platform, string title, string? description, string start, string end, params Guid[] participants)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (response, document) = await client.GetPageAsync(pageUrl);
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {pageUrl} answered {(int)response.StatusCode}");
        }

        var form = document.QuerySelector("form#schedule-form") as IHtmlFormElement
            ?? throw new InvalidOperationException($"{pageUrl} has no schedule form.");
        var fields = form.QuerySelectorAll("input[type='hidden']")
            .Select(i => KeyValuePair.Create(i.GetAttribute("name")!, i.GetAttribute("value") ?? string.Empty))
            .ToList();
        // As a browser posts it: the boxes ticked as the page shows them ("Hide guest list"); collaborators are chosen below.
        fields.AddRange(form.QuerySelectorAll("input[type='checkbox'][checked]:not([data-participant])")
            .Select(i => KeyValuePair.Create(i.GetAttribute("name")!, i.GetAttribute("value") ?? "on")));
        fields.Add(KeyValuePair.Create("Form.Platform", platform));
        fields.Add(KeyValuePair.Create("Form.Title", title));
        fields.Add(KeyValuePair.Create("Form.Description", description ?? string.Empty));
        fields.Add(KeyValuePair.Create("Form.Start", start));
        fields.Add(KeyValuePair.Create("Form.End", end));
        fields.AddRange(participants.Select(id => KeyValuePair.Create("Form.Participants", id.ToString())));
        return new ScheduleForm(new Uri(form.GetAttribute("action")!, UriKind.Relative), fields);
    }

    public async Task<HttpResponseMessage> PostAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var content = new FormUrlEncodedContent(Fields);
        return await client.PostAsync(Action, content, TestContext.Current.CancellationToken);
    }
}
