using System.Globalization;
using System.Text.Json.Nodes;
using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>
/// The Graph v1.0 endpoints an Outlook + Teams adapter uses: <c>/me</c>, <c>/me/calendar</c>, <c>/me/events</c> (create with
/// <c>transactionId</c>, get, PATCH, DELETE, <c>cancel</c>), <c>/me/calendarView</c> (paged with <c>$top</c>/<c>$skip</c>),
/// <c>/me/calendarView/delta</c> and <c>/me/calendar/getSchedule</c>.
/// Subscriptions are in <see cref="GraphSubscriptionEndpoints"/>, an attendee's list and answers in <see cref="GraphAttendeeEndpoints"/>.
/// </summary>
internal static class GraphEndpoints
{
    public static void Map(RouteGroupBuilder microsoft)
    {
        RouteGroupBuilder graph = microsoft.MapGroup("/v1.0");
        graph.WithMetadata(new SandboxEndpointKindMetadata(SandboxEndpointKind.Api));
        graph.MapGet("/me", Me);
        graph.MapGet("/me/calendar", Calendar);
        graph.MapPost("/me/events", CreateAsync);
        graph.MapGet("/me/events", (HttpContext http, [FromServices] ProviderSandboxState sandbox) => GraphAttendeeEndpoints.List(http, sandbox));
        graph.MapGet("/me/events/{id}", Get);
        graph.MapPatch("/me/events/{id}", PatchAsync);
        graph.MapDelete("/me/events/{id}", Delete);
        graph.MapPost("/me/events/{id}/cancel", CancelAsync);
        GraphAttendeeEndpoints.Map(graph);
        graph.MapGet("/me/calendarView", CalendarView);
        graph.MapGet("/me/calendarView/delta", Delta);
        // OData function-call syntax, which Graph accepts as well and the Graph SDK sends (its URL template is ".../delta()").
        graph.MapGet("/me/calendarView/delta()", Delta);
        GraphScheduleEndpoint.Map(graph);
        GraphSubscriptionEndpoints.Map(graph);
    }

    /// <summary>The account behind the bearer token, or Graph's 401; <paramref name="needsCalendar"/> also wants a calendar scope (else 403).</summary>
    internal static (MicrosoftAccount? Account, OAuthGrant? Grant, IResult? Error) Authenticate(HttpContext http, ProviderSandboxState sandbox, bool needsCalendar, bool writes = false)
    {
        AccessTokenCheck check = sandbox.Microsoft.Tokens.Check(HttpCredentials.ReadBearer(http.Request));
        if (check.Status != AccessTokenStatus.Valid || sandbox.Microsoft.Accounts.FindById(check.Grant!.AccountId) is not { } account)
        {
            return (null, null, MicrosoftErrors.Unauthenticated(tokenMissing: check.Status == AccessTokenStatus.Missing));
        }

        bool allowed = !needsCalendar
            || (writes ? MicrosoftScopes.CanWriteCalendars(check.Grant.Scopes) : MicrosoftScopes.CanReadCalendars(check.Grant.Scopes));
        return allowed ? (account, check.Grant, null) : (null, null, MicrosoftErrors.AccessDenied());
    }

    /// <summary>The values of the <c>Prefer</c> headers (<c>odata.maxpagesize=50</c>, <c>outlook.timezone="Europe/London"</c>).</summary>
    internal static string? Preference(HttpRequest request, string name)
    {
        foreach (string part in request.Headers["Prefer"].SelectMany(value => (value ?? string.Empty).Split(',')))
        {
            string[] pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length == 2 && string.Equals(pair[0], name, StringComparison.OrdinalIgnoreCase))
            {
                return pair[1].Trim('"');
            }
        }

        return null;
    }

    private static IResult Me(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (MicrosoftAccount? account, OAuthGrant? grant, IResult? error) = Authenticate(http, sandbox, needsCalendar: false);
        if (account is null)
        {
            return error!;
        }

        if (!grant!.Scopes.Contains(MicrosoftScopes.UserRead))
        {
            return MicrosoftErrors.Graph(StatusCodes.Status403Forbidden, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        }

        (string given, string surname) = PersonNames.Split(account.DisplayName);
        return Results.Json(new JsonObject
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
            ["businessPhones"] = new JsonArray(),
            ["displayName"] = account.DisplayName,
            ["givenName"] = given,
            ["jobTitle"] = null,
            // A personal account's mailbox address is its sign-in name: Graph answers no mail for it.
            ["mail"] = account.Personal ? null : account.Email,
            ["mobilePhone"] = null,
            ["officeLocation"] = null,
            ["preferredLanguage"] = "en-US",
            ["surname"] = surname,
            ["userPrincipalName"] = account.Email,
            ["id"] = account.Id,
        }, SandboxJson.CamelCase);
    }

    private static IResult Calendar(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (MicrosoftAccount? account, _, IResult? error) = Authenticate(http, sandbox, needsCalendar: true);
        return account is null
            ? error!
            : Results.Json(new JsonObject
            {
                ["id"] = "AAMkAD" + account.Id.Replace("-", string.Empty, StringComparison.Ordinal) + "AAA=",
                ["name"] = "Calendar",
                ["color"] = "auto",
                ["hexColor"] = string.Empty,
                ["isDefaultCalendar"] = true,
                ["changeKey"] = "fJKVL07sbkmIfHqjbDnRgQAAAAACyA==",
                ["canShare"] = true,
                ["canViewPrivateItems"] = true,
                ["canEdit"] = true,
                ["allowedOnlineMeetingProviders"] = new JsonArray([.. account.AllowedOnlineMeetingProviders.Select(p => (JsonNode?)JsonValue.Create(p))]),
                ["defaultOnlineMeetingProvider"] = account.DefaultOnlineMeetingProvider,
                ["isTallyingResponses"] = true,
                ["isRemovable"] = false,
                ["owner"] = new JsonObject { ["name"] = account.DisplayName, ["address"] = account.Email },
            }, SandboxJson.CamelCase);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (MicrosoftAccount? account, _, IResult? error) = Authenticate(http, sandbox, needsCalendar: true, writes: true);
        if (account is null)
        {
            return error!;
        }

        (JsonObject? body, IResult? unreadable) = await GraphEventReader.ReadObjectAsync(http.Request);
        if (body is null)
        {
            return unreadable!;
        }

        (EventChanges? changes, IResult? invalid) = GraphEventReader.Read(body);
        if (changes is null)
        {
            return invalid!;
        }

        if (changes.Start is null || changes.End is null)
        {
            return MicrosoftErrors.BadRequest("Your request can't be completed. An event needs both a start and an end.", "ErrorPropertyValidationFailure");
        }

        (OutlookEvent created, _) = sandbox.Microsoft.Calendars.Create(account, changes);
        return Results.Json(sandbox.Microsoft.Calendars.Render(created, Preference(http.Request, "outlook.timezone")), SandboxJson.CamelCase, statusCode: StatusCodes.Status201Created);
    }

    private static IResult Get(string id, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (MicrosoftAccount? account, _, IResult? error) = Authenticate(http, sandbox, needsCalendar: true);
        if (account is null)
        {
            return error!;
        }

        string? zone = Preference(http.Request, "outlook.timezone");
        JsonObject? item = sandbox.Microsoft.Calendars.Get(account.Id, id) is { } found
            ? sandbox.Microsoft.Calendars.Render(found, zone)
            : sandbox.Microsoft.Calendars.GetCopy(account, id, zone);
        return item is null ? MicrosoftErrors.NotFound() : Results.Json(item, SandboxJson.CamelCase);
    }

    private static async Task<IResult> PatchAsync(string id, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (MicrosoftAccount? account, _, IResult? error) = Authenticate(http, sandbox, needsCalendar: true, writes: true);
        if (account is null)
        {
            return error!;
        }

        (JsonObject? body, IResult? unreadable) = await GraphEventReader.ReadObjectAsync(http.Request);
        if (body is null)
        {
            return unreadable!;
        }

        (EventChanges? changes, IResult? invalid) = GraphEventReader.Read(body);
        if (changes is null)
        {
            return invalid!;
        }

        return sandbox.Microsoft.Calendars.Update(account, id, changes) is { } updated
            ? Results.Json(sandbox.Microsoft.Calendars.Render(updated, Preference(http.Request, "outlook.timezone")), SandboxJson.CamelCase)
            : MicrosoftErrors.NotFound();
    }

    private static IResult Delete(string id, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (MicrosoftAccount? account, _, IResult? error) = Authenticate(http, sandbox, needsCalendar: true, writes: true);
        if (account is null)
        {
            return error!;
        }

        return sandbox.Microsoft.Calendars.Remove(account.Id, id, comment: null) ? Results.NoContent() : MicrosoftErrors.NotFound();
    }

    private static async Task<IResult> CancelAsync(string id, HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (MicrosoftAccount? account, _, IResult? error) = Authenticate(http, sandbox, needsCalendar: true, writes: true);
        if (account is null)
        {
            return error!;
        }

        string? comment = null;
        if (http.Request.ContentLength is not 0)
        {
            (JsonObject? body, IResult? unreadable) = await GraphEventReader.ReadObjectAsync(http.Request);
            if (body is null)
            {
                return unreadable!;
            }

            // Action parameters are matched case-insensitively: the SDK sends "Comment", the docs show "comment".
            JsonNode? value = body.FirstOrDefault(p => string.Equals(p.Key, "comment", StringComparison.OrdinalIgnoreCase)).Value;
            if (value is not null && !(value is JsonValue text && text.TryGetValue(out comment)))
            {
                return MicrosoftErrors.BadRequest("Cannot convert the value of 'Comment' to 'Edm.String'.", "BadRequest");
            }
        }

        if (sandbox.Microsoft.Calendars.Get(account.Id, id) is not { } found)
        {
            return MicrosoftErrors.NotFound();
        }

        if (found.Attendees.Count == 0)
        {
            // Graph cancels meetings only; an appointment without attendees is deleted instead.
            return MicrosoftErrors.BadRequest("Your request can't be completed. You can't cancel a meeting that has no attendees; delete it instead.", "ErrorInvalidRequest");
        }

        sandbox.Microsoft.Calendars.Remove(account.Id, id, comment);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// <c>GET /me/calendarView?startDateTime=..&amp;endDateTime=..</c>: the mailbox's items overlapping the window, soonest first,
    /// with <c>$select</c>; pages of <c>$top</c> (10 unless asked, at most 1000), the next one named by <c>@odata.nextLink</c>
    /// with <c>$skip</c>, as Graph pages this list.
    /// </summary>
    private static IResult CalendarView(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (MicrosoftAccount? account, _, IResult? error) = Authenticate(http, sandbox, needsCalendar: true);
        if (account is null)
        {
            return error!;
        }

        IQueryCollection query = http.Request.Query;
        if (!TryInstant(query["startDateTime"], out DateTimeOffset from) || !TryInstant(query["endDateTime"], out DateTimeOffset to))
        {
            return MicrosoftErrors.BadRequest("This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.", "ErrorInvalidParameter");
        }

        int top = 10;
        int skip = 0;
        if ((query["$top"].ToString() is { Length: > 0 } topText && (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > 1000))
            || (query["$skip"].ToString() is { Length: > 0 } skipText && !int.TryParse(skipText, NumberStyles.None, CultureInfo.InvariantCulture, out skip)))
        {
            return MicrosoftErrors.BadRequest("Invalid value for $top or $skip: a whole number is expected ($top from 1 to 1000).", "BadRequest");
        }

        string[] select = query["$select"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        IReadOnlyList<JsonObject> items = sandbox.Microsoft.Calendars.Mailbox(account, null, Preference(http.Request, "outlook.timezone"), (from, to));
        var value = new JsonArray([.. items.Skip(skip).Take(top).Select(item => (JsonNode?)(select.Length == 0 ? item : GraphAttendeeEndpoints.Selected(item, select)))]);
        var page = new JsonObject { ["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#users('{account.Id}')/calendarView" };
        if (skip + top < items.Count)
        {
            var next = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["startDateTime"] = query["startDateTime"], ["endDateTime"] = query["endDateTime"], ["$top"] = top.ToString(CultureInfo.InvariantCulture),
                ["$skip"] = (skip + top).ToString(CultureInfo.InvariantCulture),
            };
            if (select.Length > 0)
            {
                next["$select"] = string.Join(',', select);
            }

            page["@odata.nextLink"] = QueryHelpers.AddQueryString(SandboxUrls.Root(http) + "/microsoft/v1.0/me/calendarView", next);
        }

        page["value"] = value;
        return Results.Json(page, SandboxJson.CamelCase);
    }

    private static IResult Delta(HttpContext http, [FromServices] ProviderSandboxState sandbox)
    {
        (MicrosoftAccount? account, _, IResult? error) = Authenticate(http, sandbox, needsCalendar: true);
        if (account is null)
        {
            return error!;
        }

        IQueryCollection query = http.Request.Query;
        MicrosoftSandbox microsoft = sandbox.Microsoft;
        DeltaPosition position;
        if (query["$skiptoken"].ToString() is { Length: > 0 } skipToken)
        {
            if (microsoft.Deltas.Skip(skipToken) is not { } skip || skip.OwnerId != account.Id)
            {
                return MicrosoftErrors.SyncStateNotFound();
            }

            position = skip;
        }
        else if (query["$deltatoken"].ToString() is { Length: > 0 } deltaToken)
        {
            if (microsoft.Deltas.Delta(deltaToken) is not { } delta || delta.OwnerId != account.Id)
            {
                return MicrosoftErrors.SyncStateNotFound();
            }

            (IReadOnlyList<string> ids, long asOf) = microsoft.Calendars.Changes(account.Id, delta.Since, delta.From, delta.To);
            position = delta with { Ids = ids, AsOf = asOf, Offset = 0 };
        }
        else
        {
            if (!TryInstant(query["startDateTime"], out DateTimeOffset from) || !TryInstant(query["endDateTime"], out DateTimeOffset to))
            {
                return MicrosoftErrors.BadRequest("This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.", "ErrorInvalidParameter");
            }

            (IReadOnlyList<string> ids, long asOf) = microsoft.Calendars.Changes(account.Id, null, from, to);
            position = new DeltaPosition(account.Id, from, to, null, asOf, ids, 0);
        }

        int pageSize = sandbox.Options.MicrosoftDeltaPageSize;
        if (int.TryParse(Preference(http.Request, "odata.maxpagesize"), NumberStyles.None, CultureInfo.InvariantCulture, out int preferred) && preferred > 0)
        {
            pageSize = Math.Min(preferred, 1000);
            http.Response.Headers["Preference-Applied"] = $"odata.maxpagesize={pageSize}";
        }

        string? zone = Preference(http.Request, "outlook.timezone");
        var value = new JsonArray([.. position.Ids.Skip(position.Offset).Take(pageSize)
            .Select(id => (JsonNode?)microsoft.Calendars.RenderDeltaItem(id, position.From, position.To, zone))]);
        string link = SandboxUrls.Root(http) + "/microsoft/v1.0/me/calendarView/delta?";
        var page = new JsonObject { ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#Collection(event)" };
        if (position.Offset + pageSize < position.Ids.Count)
        {
            page["@odata.nextLink"] = link + "$skiptoken=" + microsoft.Deltas.NewSkipToken(position with { Offset = position.Offset + pageSize });
        }
        else
        {
            page["@odata.deltaLink"] = link + "$deltatoken=" + microsoft.Deltas.NewDeltaToken(position with { Since = position.AsOf, Ids = [], Offset = 0 });
        }

        page["value"] = value;
        return Results.Json(page, SandboxJson.CamelCase);
    }

    /// <summary>An ISO 8601 date and time; without an offset it is UTC, as Graph reads calendarView windows.</summary>
    private static bool TryInstant(string? text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
}
