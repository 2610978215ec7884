using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using InsightGig.ProviderSandbox.Tests.Infrastructure;

namespace InsightGig.ProviderSandbox.Tests;

public sealed class ZoomApiTests
{
    private static readonly object ValidMeeting = new
    {
        topic = "Expert call: market sizing",
        type = 2,
        start_time = "2026-03-10T15:00:00Z",
        duration = 45,
        timezone = "Europe/London",
        agenda = "Discuss the brief.",
        settings = new { join_before_host = true, waiting_room = false },
    };

    [Fact]
    public async Task CreateMeetingReturns201WithTheMeetingAndAClickableJoinUrl()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        SandboxIssuedTokens tokens = sandbox.State.IssueTokens(SandboxProvider.Zoom, SandboxHarness.Ada.Email);

        using HttpResponseMessage response = await sandbox.SendJsonAsync(HttpMethod.Post, "zoom/v2/users/me/meetings", tokens.AccessToken, ValidMeeting);
        JsonElement meeting = await SandboxHarness.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        long id = meeting.GetProperty("id").GetInt64();
        Assert.True(id > int.MaxValue, "meeting ids are int64");
        Assert.Equal("Expert call: market sizing", meeting.GetProperty("topic").GetString());
        Assert.Equal(2, meeting.GetProperty("type").GetInt32());
        Assert.Equal("2026-03-10T15:00:00Z", meeting.GetProperty("start_time").GetString());
        Assert.Equal(45, meeting.GetProperty("duration").GetInt32());
        Assert.Equal("Europe/London", meeting.GetProperty("timezone").GetString());
        Assert.Equal(SandboxHarness.Ada.Email, meeting.GetProperty("host_email").GetString());
        Assert.Equal(tokens.AccountId, meeting.GetProperty("host_id").GetString());
        Assert.Equal("2026-03-02T09:00:00Z", meeting.GetProperty("created_at").GetString());
        Assert.False(string.IsNullOrEmpty(meeting.GetProperty("uuid").GetString()));
        Assert.False(string.IsNullOrEmpty(meeting.GetProperty("password").GetString()));
        Assert.True(meeting.GetProperty("settings").GetProperty("join_before_host").GetBoolean());
        Assert.False(meeting.GetProperty("settings").GetProperty("waiting_room").GetBoolean());
        string joinUrl = meeting.GetProperty("join_url").GetString()!;
        Assert.Matches(new Regex($"^{Regex.Escape(sandbox.Server.BaseAddress.ToString())}zoom/j/{id}\\?pwd=.+$"), joinUrl);

        using HttpResponseMessage joinPage = await sandbox.Client.GetAsync(new Uri(joinUrl), SandboxHarness.Ct);
        Assert.Equal(HttpStatusCode.OK, joinPage.StatusCode);
        Assert.Contains("Expert call: market sizing", await joinPage.Content.ReadAsStringAsync(SandboxHarness.Ct), StringComparison.Ordinal);
        Assert.Single(sandbox.State.GetZoomMeetings());
    }

    [Fact]
    public async Task LocalStartTimeIsReadInTheGivenTimezone()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        SandboxIssuedTokens tokens = sandbox.State.IssueTokens(SandboxProvider.Zoom, SandboxHarness.Ada.Email);

        using HttpResponseMessage response = await sandbox.SendJsonAsync(HttpMethod.Post, "zoom/v2/users/me/meetings", tokens.AccessToken,
            new { topic = "Local", type = 2, start_time = "2026-07-01T10:00:00", timezone = "America/New_York", duration = 30 });
        JsonElement meeting = await SandboxHarness.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("2026-07-01T14:00:00Z", meeting.GetProperty("start_time").GetString());
        Assert.Equal("America/New_York", meeting.GetProperty("timezone").GetString());
    }

    public static TheoryData<string, string> InvalidMeetings => new()
    {
        { """{"topic":"%TOPIC%","type":2}""", "topic" },
        { """{"topic":"ok","type":5}""", "type" },
        { """{"topic":"ok","type":2,"start_time":"10/03/2026 15:00"}""", "start_time" },
        { """{"topic":"ok","type":2,"agenda":"%AGENDA%"}""", "agenda" },
        { """{"topic":"ok","type":2,"timezone":"Mars/Olympus_Mons"}""", "timezone" },
        { """{"topic":"ok","type":2,"duration":"long"}""", "duration" },
        { """{"topic":"ok","type":2,"password":"has space"}""", "password" },
    };

    [Theory]
    [MemberData(nameof(InvalidMeetings))]
    public async Task InvalidMeetingIsRejectedWithCode300(string body, string field)
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        SandboxIssuedTokens tokens = sandbox.State.IssueTokens(SandboxProvider.Zoom, SandboxHarness.Ada.Email);
        string json = body.Replace("%TOPIC%", new string('t', 201), StringComparison.Ordinal)
            .Replace("%AGENDA%", new string('a', 2001), StringComparison.Ordinal);

        using HttpResponseMessage response = await sandbox.SendJsonAsync(HttpMethod.Post, "zoom/v2/users/me/meetings", tokens.AccessToken, json);
        JsonElement error = await SandboxHarness.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(300, error.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(field, error.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Empty(sandbox.State.GetZoomMeetings());
    }

    [Fact]
    public async Task MalformedJsonIsCode300()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        SandboxIssuedTokens tokens = sandbox.State.IssueTokens(SandboxProvider.Zoom, SandboxHarness.Ada.Email);

        using HttpResponseMessage response = await sandbox.SendJsonAsync(HttpMethod.Post, "zoom/v2/users/me/meetings", tokens.AccessToken, "{not json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(300, (await SandboxHarness.ReadJsonAsync(response)).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task GetPatchDeleteMeeting()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        SandboxIssuedTokens tokens = sandbox.State.IssueTokens(SandboxProvider.Zoom, SandboxHarness.Ada.Email);
        long id = await CreateMeetingAsync(sandbox, tokens.AccessToken);

        using HttpResponseMessage patch = await sandbox.SendJsonAsync(HttpMethod.Patch, $"zoom/v2/meetings/{id}", tokens.AccessToken,
            new { topic = "Moved", start_time = "2026-03-11T16:30:00Z", duration = 60, settings = new { mute_upon_entry = true } });
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);

        using HttpResponseMessage get = await sandbox.SendJsonAsync(HttpMethod.Get, $"zoom/v2/meetings/{id}", tokens.AccessToken);
        JsonElement meeting = await SandboxHarness.ReadJsonAsync(get);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("Moved", meeting.GetProperty("topic").GetString());
        Assert.Equal("2026-03-11T16:30:00Z", meeting.GetProperty("start_time").GetString());
        Assert.Equal(60, meeting.GetProperty("duration").GetInt32());
        Assert.Equal("Discuss the brief.", meeting.GetProperty("agenda").GetString());
        Assert.True(meeting.GetProperty("settings").GetProperty("mute_upon_entry").GetBoolean());
        Assert.True(meeting.GetProperty("settings").GetProperty("join_before_host").GetBoolean());

        using HttpResponseMessage invalidPatch = await sandbox.SendJsonAsync(HttpMethod.Patch, $"zoom/v2/meetings/{id}", tokens.AccessToken, new { type = 4 });
        Assert.Equal(HttpStatusCode.BadRequest, invalidPatch.StatusCode);

        using HttpResponseMessage delete = await sandbox.SendJsonAsync(HttpMethod.Delete, $"zoom/v2/meetings/{id}", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using HttpResponseMessage gone = await sandbox.SendJsonAsync(HttpMethod.Get, $"zoom/v2/meetings/{id}", tokens.AccessToken);
        JsonElement error = await SandboxHarness.ReadJsonAsync(gone);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(3001, error.GetProperty("code").GetInt32());
        Assert.Equal($"Meeting does not exist: {id}.", error.GetProperty("message").GetString());
        using HttpResponseMessage deleteAgain = await sandbox.SendJsonAsync(HttpMethod.Delete, $"zoom/v2/meetings/{id}", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.NotFound, deleteAgain.StatusCode);
        Assert.True(Assert.Single(sandbox.State.GetZoomMeetings(includeDeleted: true)).Deleted);
    }

    [Fact]
    public async Task ATokenOnlyReachesItsOwnUser()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        SandboxIssuedTokens ada = sandbox.State.IssueTokens(SandboxProvider.Zoom, SandboxHarness.Ada.Email);
        SandboxIssuedTokens grace = sandbox.State.IssueTokens(SandboxProvider.Zoom, SandboxHarness.Grace.Email);
        long adasMeeting = await CreateMeetingAsync(sandbox, ada.AccessToken);

        using HttpResponseMessage get = await sandbox.SendJsonAsync(HttpMethod.Get, $"zoom/v2/meetings/{adasMeeting}", grace.AccessToken);
        using HttpResponseMessage delete = await sandbox.SendJsonAsync(HttpMethod.Delete, $"zoom/v2/meetings/{adasMeeting}", grace.AccessToken);
        using HttpResponseMessage list = await sandbox.SendJsonAsync(HttpMethod.Get, $"zoom/v2/users/{ada.AccountId}/meetings", grace.AccessToken);
        using HttpResponseMessage ownById = await sandbox.SendJsonAsync(HttpMethod.Get, $"zoom/v2/users/{ada.AccountId}/meetings", ada.AccessToken);
        using HttpResponseMessage ownByEmail = await sandbox.SendJsonAsync(HttpMethod.Get, $"zoom/v2/users/{SandboxHarness.Ada.Email}", ada.AccessToken);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(3001, (await SandboxHarness.ReadJsonAsync(get)).GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Equal(1001, (await SandboxHarness.ReadJsonAsync(list)).GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.OK, ownById.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ownByEmail.StatusCode);
        Assert.Single(sandbox.State.GetZoomMeetings());
    }

    [Fact]
    public async Task ListMeetingsPages()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        SandboxIssuedTokens tokens = sandbox.State.IssueTokens(SandboxProvider.Zoom, SandboxHarness.Ada.Email);
        for (int i = 0; i < 5; i++)
        {
            await CreateMeetingAsync(sandbox, tokens.AccessToken);
        }

        var ids = new List<long>();
        string? pageToken = null;
        do
        {
            string path = "zoom/v2/users/me/meetings?page_size=2" + (pageToken is null ? string.Empty : "&next_page_token=" + Uri.EscapeDataString(pageToken));
            using HttpResponseMessage response = await sandbox.SendJsonAsync(HttpMethod.Get, path, tokens.AccessToken);
            JsonElement page = await SandboxHarness.ReadJsonAsync(response);
            Assert.Equal(5, page.GetProperty("total_records").GetInt32());
            Assert.Equal(2, page.GetProperty("page_size").GetInt32());
            ids.AddRange(page.GetProperty("meetings").EnumerateArray().Select(m => m.GetProperty("id").GetInt64()));
            pageToken = page.GetProperty("next_page_token").GetString();
        }
        while (!string.IsNullOrEmpty(pageToken));

        Assert.Equal(5, ids.Distinct().Count());
    }

    [Fact]
    public async Task AListItemCarriesTheFirst250CharactersOfTheAgendaAndGetCarriesItWhole()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        SandboxIssuedTokens tokens = sandbox.State.IssueTokens(SandboxProvider.Zoom, SandboxHarness.Ada.Email);
        string agenda = new string('a', 300) + "tail";
        using HttpResponseMessage created = await sandbox.SendJsonAsync(HttpMethod.Post, "zoom/v2/users/me/meetings", tokens.AccessToken,
            JsonSerializer.Serialize(new { topic = "Long agenda", type = 2, start_time = "2030-01-10T10:00:00Z", duration = 30, agenda }));
        long id = (await SandboxHarness.ReadJsonAsync(created)).GetProperty("id").GetInt64();

        using HttpResponseMessage listed = await sandbox.SendJsonAsync(HttpMethod.Get, "zoom/v2/users/me/meetings?type=scheduled", tokens.AccessToken);
        using HttpResponseMessage got = await sandbox.SendJsonAsync(HttpMethod.Get, $"zoom/v2/meetings/{id}", tokens.AccessToken);

        JsonElement item = Assert.Single((await SandboxHarness.ReadJsonAsync(listed)).GetProperty("meetings").EnumerateArray());
        Assert.Equal(agenda[..250], item.GetProperty("agenda").GetString());
        Assert.Equal(agenda, (await SandboxHarness.ReadJsonAsync(got)).GetProperty("agenda").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task MissingOrUnknownTokenIsCode124(string? token)
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();

        using HttpResponseMessage response = await sandbox.SendJsonAsync(HttpMethod.Post, "zoom/v2/users/me/meetings", token, ValidMeeting);
        JsonElement error = await SandboxHarness.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(124, error.GetProperty("code").GetInt32());
        Assert.Equal("Invalid access token.", error.GetProperty("message").GetString());
    }

    internal static async Task<long> CreateMeetingAsync(SandboxHarness sandbox, string accessToken)
    {
        using HttpResponseMessage response = await sandbox.SendJsonAsync(HttpMethod.Post, "zoom/v2/users/me/meetings", accessToken, ValidMeeting);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await SandboxHarness.ReadJsonAsync(response)).GetProperty("id").GetInt64();
    }
}
