using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InsightGig.ProviderSandbox.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>
/// What an attendee does with their copy of someone else's meeting: <c>GET /me/events</c> (their mailbox, optionally
/// <c>$filter=iCalUId eq '…'</c>, with <c>$select</c>) and the bound actions <c>accept</c>, <c>decline</c> and
/// <c>tentativelyAccept</c> (parameters <c>Comment</c>, <c>SendResponse</c>, and <c>ProposedNewTime</c> for the last two, as the
/// CSDL declares them). Graph answers an action <c>202 Accepted</c> without a body.
/// </summary>
internal static partial class GraphAttendeeEndpoints
{
    public static void Map(RouteGroupBuilder graph)
    {
        graph.MapPost("/me/events/{id}/accept", (string id, HttpContext http, [FromServices] ProviderSandboxState sandbox) =>
            AnswerAsync(id, GraphEnums.Accepted, proposesTimes: false, http, sandbox));
        graph.MapPost("/me/events/{id}/decline", (string id, HttpContext http, [FromServices] ProviderSandboxState sandbox) =>
            AnswerAsync(id, GraphEnums.Declined, proposesTimes: true, http, sandbox));
        graph.MapPost("/me/events/{id}/tentativelyAccept", (string id, HttpContext http, [FromServices] ProviderSandboxState sandbox) =>
            AnswerAsync(id, GraphEnums.TentativelyAccepted, proposesTimes: true, http, sandbox));
    }

    /// <summary><c>GET /me/events</c>: the mailbox's items, one page (the sandbox does not page this list).</summary>
    public static IResult List(HttpContext http, ProviderSandboxState sandbox)
    {
        (MicrosoftAccount? account, _, IResult? error) = GraphEndpoints.Authenticate(http, sandbox, needsCalendar: true);
        if (account is null)
        {
            return error!;
        }

        string? iCalUId = null;
        if (http.Request.Query["$filter"].ToString() is { Length: > 0 } filter)
        {
            Match match = ICalUIdFilter().Match(filter);
            if (!match.Success)
            {
                return MicrosoftErrors.BadRequest($"Invalid filter clause: the sandbox reads only iCalUId eq '...', not '{filter}'.", "BadRequest");
            }

            iCalUId = match.Groups["value"].Value.Replace("''", "'", StringComparison.Ordinal);
        }

        string[] select = http.Request.Query["$select"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var value = new JsonArray();
        foreach (JsonObject item in sandbox.Microsoft.Calendars.Mailbox(account, iCalUId, GraphEndpoints.Preference(http.Request, "outlook.timezone")))
        {
            value.Add(select.Length == 0 ? item : Selected(item, select));
        }

        return Results.Json(new JsonObject
        {
            ["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#users('{account.Id}')/events",
            ["value"] = value,
        }, SandboxJson.CamelCase);
    }

    /// <summary>The selected properties, plus <c>id</c> and the etag, which Graph always returns.</summary>
    internal static JsonObject Selected(JsonObject item, string[] select)
    {
        var selected = new JsonObject();
        foreach ((string name, JsonNode? node) in item)
        {
            if (name is "@odata.etag" or "id" || select.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                selected[name] = node?.DeepClone();
            }
        }

        return selected;
    }

    private static async Task<IResult> AnswerAsync(string id, string response, bool proposesTimes, HttpContext http, ProviderSandboxState sandbox)
    {
        (MicrosoftAccount? account, _, IResult? error) = GraphEndpoints.Authenticate(http, sandbox, needsCalendar: true, writes: true);
        if (account is null)
        {
            return error!;
        }

        bool sendResponse = true;
        if (http.Request.ContentLength is not 0)
        {
            (JsonObject? body, IResult? unreadable) = await GraphEventReader.ReadObjectAsync(http.Request);
            if (body is null)
            {
                return unreadable!;
            }

            // Action parameters are matched case-insensitively: the SDK sends "SendResponse", the docs show "sendResponse".
            foreach ((string name, JsonNode? node) in body)
            {
                if (string.Equals(name, "comment", StringComparison.OrdinalIgnoreCase))
                {
                    if (node is not null && !(node is JsonValue text && text.TryGetValue(out string? _)))
                    {
                        return MicrosoftErrors.BadRequest("Cannot convert the value of 'Comment' to 'Edm.String'.", "BadRequest");
                    }
                }
                else if (string.Equals(name, "sendResponse", StringComparison.OrdinalIgnoreCase))
                {
                    if (node is not null && !(node is JsonValue flag && flag.TryGetValue(out sendResponse)))
                    {
                        return MicrosoftErrors.BadRequest("Cannot convert the value of 'SendResponse' to 'Edm.Boolean'.", "BadRequest");
                    }

                    sendResponse = node is null || sendResponse;
                }
                else if (!(proposesTimes && string.Equals(name, "proposedNewTime", StringComparison.OrdinalIgnoreCase) && node is null or JsonObject))
                {
                    return MicrosoftErrors.BadRequest($"The parameter '{name}' in the request payload is not a valid parameter for the operation.", "BadRequest");
                }
            }
        }

        return sandbox.Microsoft.Calendars.AnswerAsAttendee(account, id, response, sendResponse) switch
        {
            AttendeeAnswerOutcome.Answered => Results.StatusCode(StatusCodes.Status202Accepted),
            AttendeeAnswerOutcome.OwnMeeting => MicrosoftErrors.BadRequest("Your request can't be completed. You can't respond to a meeting you organized.", "ErrorInvalidRequest"),
            AttendeeAnswerOutcome.Cancelled => MicrosoftErrors.BadRequest("Your request can't be completed. The meeting was cancelled.", "ErrorInvalidRequest"),
            _ => MicrosoftErrors.NotFound(),
        };
    }

    [GeneratedRegex(@"^\s*iCalUId\s+eq\s+'(?<value>(?:[^']|'')*)'\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ICalUIdFilter();
}
