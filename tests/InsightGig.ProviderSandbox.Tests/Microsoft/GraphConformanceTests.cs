using System.Net;
using System.Reflection;
using System.Text.Json;
using InsightGig.ProviderSandbox.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static InsightGig.ProviderSandbox.Tests.Infrastructure.MicrosoftFlows;

namespace InsightGig.ProviderSandbox.Tests.Microsoft365;

/// <summary>
/// Checks the Microsoft sandbox against the Graph v1.0 CSDL extract and the facts of <c>shared/specs/README.md</c>: every field it
/// answers (walked recursively through the types), every enum value it writes or accepts, every Graph route, the identity platform's
/// paths and the README's numbers. Skipped, visibly, when the specs are absent.
/// </summary>
public sealed class GraphConformanceTests
{
    /// <summary>Graph routes the CSDL extract cannot show (it has no user type), with what documents them.</summary>
    private static readonly (string Method, string Path, string Why)[] DocumentedElsewhere =
    [
        ("GET", "/me", "issue 16: the account's email is `mail`, else `userPrincipalName`"),
    ];

    private static readonly string Ada = SandboxHarness.Ada.Email;
    private static readonly string[] Categories = ["InsightGig"];

    [Fact]
    public async Task EveryFieldOfAnEventAndItsNestedObjectsIsInTheCsdlAndEveryEnumValueIsAMember()
    {
        GraphCsdl csdl = GraphCsdl.Load();
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;
        (_, JsonElement created) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, new
        {
            subject = "All fields",
            body = new { contentType = "html", content = "<p>x</p>" },
            start = new { dateTime = "2026-03-10T15:00:00", timeZone = "Europe/London" },
            end = new { dateTime = "2026-03-10T16:00:00", timeZone = "Europe/London" },
            location = new { displayName = "Room 1" },
            attendees = new object[] { new { emailAddress = new { address = "a@example.com", name = "A" }, type = "optional" } },
            isOnlineMeeting = true,
            onlineMeetingProvider = "teamsForBusiness",
            importance = "high",
            sensitivity = "private",
            showAs = "tentative",
            categories = Categories,
            transactionId = "tx-fields",
        });
        string id = created.GetProperty("id").GetString()!;
        sandbox.State.RespondToOutlookEvent(id, "a@example.com", "tentativelyAccepted");
        (_, JsonElement fetched) = await SendAsync(sandbox, HttpMethod.Get, $"microsoft/v1.0/me/events/{id}", token);

        AssertConforms(csdl, "event", created);
        AssertConforms(csdl, "event", fetched);
        Assert.Equal("tentativelyAccepted", fetched.GetProperty("attendees")[0].GetProperty("status").GetProperty("response").GetString());
    }

    [Fact]
    public async Task CalendarSubscriptionAndNotificationFieldsAreInTheCsdl()
    {
        GraphCsdl csdl = GraphCsdl.Load();
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        await using GraphSubscriptionTests.Receiver receiver = await GraphSubscriptionTests.Receiver.StartAsync(echoValidationToken: true);
        string token = sandbox.State.IssueTokens(SandboxProvider.Microsoft, Ada).AccessToken;

        (_, JsonElement calendar) = await SendAsync(sandbox, HttpMethod.Get, "microsoft/v1.0/me/calendar", token);
        (_, JsonElement subscription) = await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/subscriptions", token, new
        {
            changeType = "created,updated,deleted",
            notificationUrl = receiver.Address,
            lifecycleNotificationUrl = receiver.Address,
            resource = "me/events",
            expirationDateTime = "2026-03-03T00:00:00Z",
            clientState = "cs",
        });
        await SendAsync(sandbox, HttpMethod.Post, "microsoft/v1.0/me/events", token, TeamsEvent("tx-notified"));
        using HttpResponseMessage lifecycle = await sandbox.SendJsonAsync(
            HttpMethod.Post, $"_sandbox/microsoft/subscriptions/{subscription.GetProperty("id").GetString()}/lifecycle", null, new { lifecycleEvent = "missed" });
        await sandbox.State.GraphNotificationsDeliveredAsync();

        AssertConforms(csdl, "calendar", calendar);
        AssertConforms(csdl, "subscription", subscription);
        Assert.Equal(2, receiver.Notifications.Count);
        foreach (JsonElement collection in receiver.Notifications)
        {
            AssertConforms(csdl, "changeNotificationCollection", collection);
        }
    }

    [Fact]
    public void EveryEnumValueTheSandboxKnowsIsAMemberOfItsCsdlEnum()
    {
        GraphCsdl csdl = GraphCsdl.Load();
        Type enums = typeof(ProviderSandboxState).Assembly.GetType("InsightGig.ProviderSandbox.Microsoft365.GraphEnums", throwOnError: true)!;
        (string Field, string EnumType)[] lists =
        [
            ("OnlineMeetingProviders", "onlineMeetingProviderType"),
            ("Responses", "responseType"),
            ("AttendeeTypes", "attendeeType"),
            ("BodyTypes", "bodyType"),
            ("Importances", "importance"),
            ("Sensitivities", "sensitivity"),
            ("FreeBusyStatuses", "freeBusyStatus"),
            ("ChangeTypes", "changeType"),
            ("LifecycleEvents", "lifecycleEventType"),
            ("Answers", "responseType"),
        ];
        foreach ((string field, string enumType) in lists)
        {
            string[] values = (string[])enums.GetField(field, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            Assert.NotEmpty(values);
            Assert.All(values, value => Assert.Contains(value, csdl.EnumMembers(enumType)));
        }
    }

    [Fact]
    public void TheCancelActionTakesTheCommentTheSandboxReads()
    {
        GraphCsdl csdl = GraphCsdl.Load();
        Assert.Equal(["Comment"], csdl.ActionParameters("cancel", "event"));
        Assert.Empty(csdl.ActionParameters("reauthorize", "subscription"));
    }

    [Fact]
    public void TheAnswerActionsTakeTheParametersTheSandboxReadsAndAnEventHasTheICalUIdItFiltersOn()
    {
        GraphCsdl csdl = GraphCsdl.Load();
        Assert.True(csdl.ActionParameters("accept", "event").SetEquals(["SendResponse", "Comment"]));
        Assert.True(csdl.ActionParameters("decline", "event").SetEquals(["ProposedNewTime", "SendResponse", "Comment"]));
        Assert.True(csdl.ActionParameters("tentativelyAccept", "event").SetEquals(["ProposedNewTime", "SendResponse", "Comment"]));
        Assert.Contains("iCalUId", csdl.Properties("event"));
        Assert.Contains("isOrganizer", csdl.Properties("event"));
        Assert.Contains("responseStatus", csdl.Properties("event"));
    }

    [Fact]
    public async Task EveryGraphRouteIsInTheSpecsReadmeOrTheCsdlOrDocumentedAsAnException()
    {
        GraphCsdl csdl = GraphCsdl.Load();
        string readme = await File.ReadAllTextAsync(Path.Combine(SpecFiles.RequireDirectory(), "README.md"), SandboxHarness.Ct);
        await using ProviderSandboxServer server = await ProviderSandboxServer.StartAsync(ct: SandboxHarness.Ct);
        const string Prefix = "/microsoft/v1.0";
        (string Method, string Path)[] routes =
        [
            .. from endpoint in server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
               let pattern = endpoint.RoutePattern.RawText!
               where pattern.StartsWith(Prefix + "/", StringComparison.Ordinal)
               from method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods
               select (method, pattern[Prefix.Length..]),
        ];

        Assert.Contains(("POST", "/me/events"), routes);
        foreach ((string method, string path) in routes)
        {
            bool inReadme = readme.Contains($"{method} {path}", StringComparison.Ordinal)
                || (path == "/me/events/{id}" && readme.Contains("`PATCH`/`DELETE /me/events/{id}`", StringComparison.Ordinal) && method is "PATCH" or "DELETE")
                || (path is "/me/calendarView/delta" or "/me/calendarView/delta()" && readme.Contains("GET /me/calendarView/delta?", StringComparison.Ordinal));
            bool inCsdl = (method, path) switch
            {
                ("GET", "/me/events/{id}" or "/me/events") => csdl.Properties("calendar").Contains("events"),
                ("GET", "/me/calendarView") => csdl.Properties("calendar").Contains("calendarView"),
                ("POST", "/me/events/{id}/accept") => csdl.ActionParameters("accept", "event").Count > 0,
                ("POST", "/me/events/{id}/decline") => csdl.ActionParameters("decline", "event").Count > 0,
                ("POST", "/me/events/{id}/tentativelyAccept") => csdl.ActionParameters("tentativelyAccept", "event").Count > 0,
                ("GET", "/me/calendar") => csdl.Properties("event").Contains("calendar"),
                ("GET" or "PATCH" or "DELETE", "/subscriptions/{id}") => csdl.Properties("subscription").Contains("expirationDateTime"),
                ("POST", "/subscriptions/{id}/reauthorize") => csdl.ActionParameters("reauthorize", "subscription").Count == 0,
                _ => false,
            };
            bool documented = DocumentedElsewhere.Any(d => d.Method == method && d.Path == path);
            Assert.True(inReadme || inCsdl || documented, $"{method} {path} is neither in the specs README, nor the CSDL, nor documented");
        }
    }

    [Fact]
    public async Task TheIdentityPathsScopesAndSubscriptionCapFollowTheSpecsReadme()
    {
        string readme = await File.ReadAllTextAsync(Path.Combine(SpecFiles.RequireDirectory(), "README.md"), SandboxHarness.Ct);
        Assert.Contains("https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize", readme, StringComparison.Ordinal);
        Assert.Contains("https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token", readme, StringComparison.Ordinal);
        Assert.Contains("`offline_access User.Read Calendars.ReadWrite`", readme, StringComparison.Ordinal);
        Assert.Contains("10,080 minutes for Outlook events", readme, StringComparison.Ordinal);
        Assert.Contains("refresh tokens expire after 90", readme, StringComparison.Ordinal);
        Assert.Contains("`validationToken`", readme, StringComparison.Ordinal);
        Assert.Contains("`@odata.nextLink`", readme, StringComparison.Ordinal);
        Assert.Contains("`@odata.deltaLink`", readme, StringComparison.Ordinal);

        var options = new ProviderSandboxOptions();
        Assert.Equal(TimeSpan.FromMinutes(10_080), options.MicrosoftSubscriptionMaxLifetime);
        Assert.Equal(TimeSpan.FromDays(90), options.MicrosoftRefreshTokenIdleLifetime);
        SandboxAdapterSettings microsoft = SandboxAdapterSettings.For("http://127.0.0.1:5080/sandbox").Single(s => s.Section == "Providers:Microsoft");
        Assert.EndsWith("/microsoft/common/oauth2/v2.0/authorize", microsoft.Settings["Providers:Microsoft:AuthorizeUrl"], StringComparison.Ordinal);
        Assert.EndsWith("/microsoft/common/oauth2/v2.0/token", microsoft.Settings["Providers:Microsoft:TokenUrl"], StringComparison.Ordinal);
        Assert.EndsWith("/microsoft/v1.0/", microsoft.Settings["Providers:Microsoft:GraphBaseUrl"], StringComparison.Ordinal);

        // The scopes the README names are what a sign-in grants, and the token answers them (offline_access shows as the refresh token).
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        (string verifier, string challenge) = OAuthFlows.NewPkce();
        Dictionary<string, string> redirect = await ConsentAsync(sandbox.Client, Ada, challenge, scope: "offline_access User.Read Calendars.ReadWrite");
        using HttpResponseMessage response = await ExchangeCodeAsync(sandbox.Client, redirect["code"], verifier);
        JsonElement token = await SandboxHarness.ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("User.Read Calendars.ReadWrite", token.GetProperty("scope").GetString());
        Assert.True(token.TryGetProperty("refresh_token", out _));
    }

    /// <summary>
    /// Every property of <paramref name="value"/> (OData annotations aside) is a property of <paramref name="type"/>, recursively
    /// through structured types; every string of an enum-typed property is one of its members.
    /// </summary>
    private static void AssertConforms(GraphCsdl csdl, string type, JsonElement value)
    {
        IReadOnlySet<string> properties = csdl.Properties(type);
        foreach (JsonProperty property in value.EnumerateObject().Where(p => !p.Name.Contains('@', StringComparison.Ordinal)))
        {
            Assert.True(properties.Contains(property.Name), $"{type} has no property '{property.Name}'");
            string propertyType = csdl.PropertyType(type, property.Name);
            IEnumerable<JsonElement> items = property.Value.ValueKind == JsonValueKind.Array ? property.Value.EnumerateArray() : [property.Value];
            foreach (JsonElement item in items.Where(i => i.ValueKind != JsonValueKind.Null))
            {
                if (csdl.IsEnum(propertyType))
                {
                    Assert.True(csdl.EnumMembers(propertyType).Contains(item.GetString()!), $"'{item.GetString()}' is not a member of {propertyType} ({type}.{property.Name})");
                }
                else if (csdl.IsStructured(propertyType) && item.ValueKind == JsonValueKind.Object && propertyType != "resourceData")
                {
                    AssertConforms(csdl, propertyType, item);
                }
            }
        }
    }
}
