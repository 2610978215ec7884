using System.Net;
using System.Text.Json;
using InsightGig.ProviderSandbox.Tests.Infrastructure;
using static InsightGig.ProviderSandbox.Tests.Infrastructure.MicrosoftFlows;

namespace InsightGig.ProviderSandbox.Tests.Microsoft365;

/// <summary><c>calendarView/delta</c>: pages by <c>Prefer: odata.maxpagesize</c>, delta links, <c>@removed</c>, and 410 when a token is gone.</summary>
public sealed class GraphDeltaTests
{
    private const string Window = "microsoft/v1.0/me/calendarView/delta?startDateTime=2026-03-01T00:00:00Z&endDateTime=2026-04-01T00:00:00Z";
    private static readonly string Ada = SandboxHarness.Ada.Email;

    [Fact]
    public async Task TheFirstRoundPagesThroughNextLinksAndEndsWithADeltaLinkThatReturnsOnlyLaterChanges()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        var ids = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            (_, JsonElement created) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent($"tx-delta-{i}", $"Call {i}"));
            ids.Add(created.GetProperty("id").GetString()!);
        }

        (List<JsonElement> pages, string deltaLink) = await ReadRoundAsync(sandbox, token, Window, pageSize: 2);
        Assert.Equal(3, pages.Count); // 2 + 2 + 1
        Assert.Equal(ids.Order(), pages.SelectMany(p => p.GetProperty("value").EnumerateArray()).Select(e => e.GetProperty("id").GetString()!).Order());

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(sandbox, HttpMethod.Patch, $"microsoft/v1.0/me/events/{ids[1]}", token, new { subject = "Renamed" })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(sandbox, HttpMethod.Delete, $"microsoft/v1.0/me/events/{ids[3]}", token)).Status);
        (List<JsonElement> changes, string nextDeltaLink) = await ReadRoundAsync(sandbox, token, deltaLink, pageSize: 10);

        JsonElement[] changed = [.. changes.SelectMany(p => p.GetProperty("value").EnumerateArray())];
        Assert.Equal(2, changed.Length);
        Assert.Equal("Renamed", changed.Single(e => e.GetProperty("id").GetString() == ids[1]).GetProperty("subject").GetString());
        JsonElement removed = changed.Single(e => e.GetProperty("id").GetString() == ids[3]);
        Assert.Equal("deleted", removed.GetProperty("@removed").GetProperty("reason").GetString());
        Assert.Empty((await ReadRoundAsync(sandbox, token, nextDeltaLink, pageSize: 10)).Pages.Single().GetProperty("value").EnumerateArray());
    }

    [Fact]
    public async Task TheFunctionCallSyntaxTheGraphSdkSendsIsTheSameDelta()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-call-syntax"));

        (List<JsonElement> pages, string deltaLink) = await ReadRoundAsync(sandbox, token, Window.Replace("/delta?", "/delta()?", StringComparison.Ordinal), pageSize: 10);

        Assert.Single(pages.Single().GetProperty("value").EnumerateArray());
        Assert.Contains("/me/calendarView/delta?$deltatoken=", deltaLink, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMoveOutOfTheWindowReadsAsRemoved()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        (_, JsonElement created) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-move-out"));
        string id = created.GetProperty("id").GetString()!;
        (_, string deltaLink) = await ReadRoundAsync(sandbox, token, Window, pageSize: 10);

        sandbox.State.MoveOutlookEvent(Ada, id, new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero));
        (List<JsonElement> pages, _) = await ReadRoundAsync(sandbox, token, deltaLink, pageSize: 10);

        JsonElement change = Assert.Single(pages.Single().GetProperty("value").EnumerateArray());
        Assert.Equal(id, change.GetProperty("id").GetString());
        Assert.True(change.TryGetProperty("@removed", out _));
    }

    [Fact]
    public async Task AGoneDeltaTokenAnswers410SyncStateNotFound()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        (_, string deltaLink) = await ReadRoundAsync(sandbox, token, Window, pageSize: 10);

        using HttpResponseMessage expire = await sandbox.Client.PostAsync(new Uri("_sandbox/microsoft/delta-tokens/expire", UriKind.Relative), null, SandboxHarness.Ct);
        Assert.Equal(1, (await SandboxHarness.ReadJsonAsync(expire)).GetProperty("count").GetInt32());
        (HttpStatusCode status, JsonElement error) = await SendAsync(sandbox, HttpMethod.Get, RelativeTo(sandbox, deltaLink), token);
        (HttpStatusCode made, JsonElement madeUp) = await SendAsync(sandbox, HttpMethod.Get, "microsoft/v1.0/me/calendarView/delta?$deltatoken=not-a-token", token);

        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Equal("SyncStateNotFound", error.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Gone, made);
        Assert.Equal("SyncStateNotFound", madeUp.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnotherAccountsDeltaLinkIsRefusedAndAWindowIsRequired()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string ada = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        string grace = sandbox.State.IssueTokens(SandboxProvider.Microsoft, SandboxHarness.Grace.Email).AccessToken;
        (_, string deltaLink) = await ReadRoundAsync(sandbox, ada, Window, pageSize: 10);

        Assert.Equal(HttpStatusCode.Gone, (await SendAsync(sandbox, HttpMethod.Get, RelativeTo(sandbox, deltaLink), grace)).Status);
        (HttpStatusCode status, JsonElement error) = await SendAsync(sandbox, HttpMethod.Get, "microsoft/v1.0/me/calendarView/delta", ada);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ErrorInvalidParameter", error.GetProperty("error").GetProperty("code").GetString());
    }

    /// <summary>Follows nextLinks from <paramref name="first"/> until a deltaLink; answers the pages and the deltaLink.</summary>
    internal static async Task<(List<JsonElement> Pages, string DeltaLink)> ReadRoundAsync(SandboxHarness sandbox, string token, string first, int pageSize)
    {
        var pages = new List<JsonElement>();
        string next = first;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, RelativeTo(sandbox, next));
            request.Headers.Authorization = new("Bearer", token);
            request.Headers.Add("Prefer", $"odata.maxpagesize={pageSize}");
            using HttpResponseMessage response = await sandbox.Client.SendAsync(request, SandboxHarness.Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal($"odata.maxpagesize={pageSize}", response.Headers.GetValues("Preference-Applied").Single());
            JsonElement page = await SandboxHarness.ReadJsonAsync(response);
            pages.Add(page);
            Assert.True(pages.Count < 50, "delta paging does not end");
            if (page.TryGetProperty("@odata.deltaLink", out JsonElement deltaLink))
            {
                Assert.False(page.TryGetProperty("@odata.nextLink", out _));
                return (pages, deltaLink.GetString()!);
            }

            Assert.Equal(pageSize, page.GetProperty("value").GetArrayLength());
            next = page.GetProperty("@odata.nextLink").GetString()!;
        }
    }

    /// <summary>An absolute link of the sandbox as a path relative to its base address.</summary>
    internal static string RelativeTo(SandboxHarness sandbox, string link) =>
        link.StartsWith(sandbox.Server.BaseAddress.ToString(), StringComparison.Ordinal) ? link[sandbox.Server.BaseAddress.ToString().Length..] : link;
}
