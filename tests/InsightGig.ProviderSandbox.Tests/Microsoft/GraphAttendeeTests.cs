using System.Net;
using System.Text.Json;
using InsightGig.ProviderSandbox.Tests.Infrastructure;
using static InsightGig.ProviderSandbox.Tests.Infrastructure.MicrosoftFlows;

namespace InsightGig.ProviderSandbox.Tests.Microsoft365;

/// <summary>An attendee's copy of an Outlook meeting over HTTP: found by iCalUId, answered with accept, decline, tentativelyAccept.</summary>
public sealed class GraphAttendeeTests
{
    private static readonly string Ada = SandboxHarness.Ada.Email;
    private static readonly string Grace = SandboxHarness.Grace.Email;

    private static async Task<(string Organizer, string Attendee, JsonElement Created)> MeetingAsync(SandboxHarness sandbox)
    {
        string organizer = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        string attendee = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Grace).AccessToken;
        (HttpStatusCode status, JsonElement created) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", organizer, TeamsEvent("tx-answers"));
        Assert.Equal(HttpStatusCode.Created, status);
        return (organizer, attendee, created);
    }

    /// <summary>The id of the attendee's copy of <paramref name="created"/>, found as the adapter does: by iCalUId.</summary>
    private static async Task<string> CopyIdAsync(SandboxHarness sandbox, string attendee, JsonElement created)
    {
        (_, JsonElement found) = await SendAsync(sandbox, HttpMethod.Get, Filter(created.GetProperty("iCalUId").GetString()!), attendee);
        return found.GetProperty("value")[0].GetProperty("id").GetString()!;
    }

    private static string Filter(string iCalUId) => "microsoft/v1.0/me/events?$filter=" + Uri.EscapeDataString($"iCalUId eq '{iCalUId}'");

    private static string GraceAnswer(JsonElement organizersEvent) => organizersEvent.GetProperty("attendees").EnumerateArray()
        .Single(a => a.GetProperty("emailAddress").GetProperty("address").GetString() == Grace).GetProperty("status").GetProperty("response").GetString()!;

    [Fact]
    public async Task TheAttendeeFindsTheirOwnCopyByICalUIdAndTheOrganizerFindsTheirEvent()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        (string organizer, string attendee, JsonElement created) = await MeetingAsync(sandbox);
        string iCalUId = created.GetProperty("iCalUId").GetString()!;
        string eventId = created.GetProperty("id").GetString()!;

        (HttpStatusCode status, JsonElement graces) = await SendAsync(sandbox, HttpMethod.Get, Filter(iCalUId) + "&$select=id,responseStatus,isOrganizer", attendee);
        (_, JsonElement adas) = await SendAsync(sandbox, HttpMethod.Get, Filter(iCalUId), organizer);
        (_, JsonElement other) = await SendAsync(sandbox, HttpMethod.Get, Filter("040000008200E00074C5B7101A82E0080000000000"), attendee);
        (HttpStatusCode badFilter, JsonElement badFilterError) = await SendAsync(sandbox, HttpMethod.Get, "microsoft/v1.0/me/events?$filter=" + Uri.EscapeDataString("subject eq 'x'"), attendee);

        Assert.Equal(HttpStatusCode.OK, status);
        JsonElement copy = Assert.Single(graces.GetProperty("value").EnumerateArray());
        string copyId = copy.GetProperty("id").GetString()!;
        Assert.NotEqual(eventId, copyId);
        Assert.False(copy.GetProperty("isOrganizer").GetBoolean());
        Assert.Equal("none", copy.GetProperty("responseStatus").GetProperty("response").GetString());
        Assert.False(copy.TryGetProperty("subject", out _)); // $select keeps only what was asked for, id and the etag
        JsonElement own = Assert.Single(adas.GetProperty("value").EnumerateArray());
        Assert.Equal(eventId, own.GetProperty("id").GetString());
        Assert.True(own.GetProperty("isOrganizer").GetBoolean());
        Assert.Equal("organizer", own.GetProperty("responseStatus").GetProperty("response").GetString());
        Assert.Empty(other.GetProperty("value").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, badFilter);
        Assert.Equal("BadRequest", badFilterError.GetProperty("error").GetProperty("code").GetString());

        // The copy is an item of Grace's mailbox only: Ada cannot read it, Grace reads it in full with the same meeting.
        (HttpStatusCode adaReadsCopy, _) = await SendAsync(sandbox, HttpMethod.Get, $"microsoft/v1.0/me/events/{copyId}", organizer);
        (HttpStatusCode graceReadsCopy, JsonElement full) = await SendAsync(sandbox, HttpMethod.Get, $"microsoft/v1.0/me/events/{copyId}", attendee);
        Assert.Equal(HttpStatusCode.NotFound, adaReadsCopy);
        Assert.Equal(HttpStatusCode.OK, graceReadsCopy);
        Assert.Equal(iCalUId, full.GetProperty("iCalUId").GetString());
        Assert.Equal("Expert call", full.GetProperty("subject").GetString());
        Assert.Equal(Ada, full.GetProperty("organizer").GetProperty("emailAddress").GetProperty("address").GetString());
    }

    [Fact]
    public async Task AcceptDeclineAndTentativelyAcceptLandOnTheOrganizersEventAndOnTheCopy()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        (string organizer, string attendee, JsonElement created) = await MeetingAsync(sandbox);
        string eventId = created.GetProperty("id").GetString()!;
        string copyId = await CopyIdAsync(sandbox, attendee, created);

        foreach ((string action, string response) in new[] { ("accept", "accepted"), ("tentativelyAccept", "tentativelyAccepted"), ("decline", "declined") })
        {
            (HttpStatusCode status, JsonElement body) = await SendAsync(sandbox, HttpMethod.Post, $"microsoft/v1.0/me/events/{copyId}/{action}", attendee,
                new { Comment = "See you there", SendResponse = true });
            (_, JsonElement organizers) = await SendAsync(sandbox, HttpMethod.Get, $"microsoft/v1.0/me/events/{eventId}", organizer);
            (_, JsonElement copy) = await SendAsync(sandbox, HttpMethod.Get, $"microsoft/v1.0/me/events/{copyId}", attendee);

            Assert.Equal(HttpStatusCode.Accepted, status);
            Assert.Equal(JsonValueKind.Undefined, body.ValueKind); // no body, as Graph
            Assert.Equal(response, GraceAnswer(organizers));
            Assert.Equal(response, copy.GetProperty("responseStatus").GetProperty("response").GetString());
        }

        Assert.Equal("declined", sandbox.State.GetOutlookEvents(Ada).Single().Attendees.Single(a => a.Email == Grace).Response);
    }

    [Fact]
    public async Task WithoutSendResponseOnlyTheCopyChangesAndTheOrganizerIsNotTold()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        (string organizer, string attendee, JsonElement created) = await MeetingAsync(sandbox);
        string copyId = await CopyIdAsync(sandbox, attendee, created);

        (HttpStatusCode status, _) = await SendAsync(sandbox, HttpMethod.Post, $"microsoft/v1.0/me/events/{copyId}/accept", attendee, new { sendResponse = false });
        (_, JsonElement organizers) = await SendAsync(sandbox, HttpMethod.Get, $"microsoft/v1.0/me/events/{created.GetProperty("id").GetString()}", organizer);
        (_, JsonElement copy) = await SendAsync(sandbox, HttpMethod.Get, $"microsoft/v1.0/me/events/{copyId}", attendee);

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("none", GraceAnswer(organizers));
        Assert.Equal("accepted", copy.GetProperty("responseStatus").GetProperty("response").GetString());
    }

    [Fact]
    public async Task GraphRefusesAnUnknownItemTheOrganizersOwnMeetingACancelledOneAndBadParameters()
    {
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        (string organizer, string attendee, JsonElement created) = await MeetingAsync(sandbox);
        string eventId = created.GetProperty("id").GetString()!;
        string copyId = await CopyIdAsync(sandbox, attendee, created);

        (HttpStatusCode unknown, JsonElement unknownError) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events/AAMkADnothing/accept", attendee, new { sendResponse = true });
        (HttpStatusCode othersCopy, _) = await SendAsync(sandbox, HttpMethod.Post, $"microsoft/v1.0/me/events/{copyId}/accept", organizer, new { sendResponse = true });
        (HttpStatusCode own, JsonElement ownError) = await SendAsync(sandbox, HttpMethod.Post, $"microsoft/v1.0/me/events/{eventId}/accept", organizer, new { sendResponse = true });
        (HttpStatusCode notBoolean, _) = await SendAsync(sandbox, HttpMethod.Post, $"microsoft/v1.0/me/events/{copyId}/accept", attendee, new { sendResponse = "yes" });
        (HttpStatusCode acceptProposes, _) = await SendAsync(sandbox, HttpMethod.Post, $"microsoft/v1.0/me/events/{copyId}/accept", attendee, new { proposedNewTime = new { } });
        (HttpStatusCode noToken, _) = await SendAsync(sandbox, HttpMethod.Post, $"microsoft/v1.0/me/events/{copyId}/accept", "not-a-token", new { sendResponse = true });

        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal("ErrorItemNotFound", unknownError.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, othersCopy);
        Assert.Equal(HttpStatusCode.BadRequest, own);
        Assert.Equal("ErrorInvalidRequest", ownError.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, notBoolean);
        Assert.Equal(HttpStatusCode.BadRequest, acceptProposes);
        Assert.Equal(HttpStatusCode.Unauthorized, noToken);
        Assert.Equal("none", sandbox.State.GetOutlookEvents(Ada).Single().Attendees.Single(a => a.Email == Grace).Response);

        // A cancelled meeting stays in the attendee's calendar, reading cancelled, and can no longer be answered.
        (HttpStatusCode cancelled, _) = await SendAsync(sandbox, HttpMethod.Post, $"microsoft/v1.0/me/events/{eventId}/cancel", organizer, new { Comment = "Off" });
        (_, JsonElement afterCancel) = await SendAsync(sandbox, HttpMethod.Get, $"microsoft/v1.0/me/events/{copyId}", attendee);
        (HttpStatusCode late, _) = await SendAsync(sandbox, HttpMethod.Post, $"microsoft/v1.0/me/events/{copyId}/accept", attendee, new { sendResponse = true });
        Assert.Equal(HttpStatusCode.Accepted, cancelled);
        Assert.True(afterCancel.GetProperty("isCancelled").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, late);
    }
}
