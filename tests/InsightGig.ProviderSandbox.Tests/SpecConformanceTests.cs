using System.Net;
using System.Text.Json;
using InsightGig.ProviderSandbox.Google;
using InsightGig.ProviderSandbox.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.ProviderSandbox.Tests;

/// <summary>
/// Checks the sandbox against the machine-readable provider specs in <c>&lt;repo&gt;/../shared/specs</c>:
/// every mapped API route exists there with the same method, and the fields the sandbox emits are in the schemas.
/// Skipped, visibly, when the specs are not there.
/// </summary>
public sealed class SpecConformanceTests
{
    /// <summary>
    /// Zoom routes the OpenAPI file does not describe but Zoom documents (see specs/README.md: "GET /v2/users/me").
    /// </summary>
    private static readonly (string Method, string Path, string ReadmeMention)[] DocumentedZoomExtras =
    [
        ("GET", "/users/{userId}", "/v2/users/me"),
    ];

    /// <summary>User fields Zoom documents for GET /users/me beyond the OpenAPI UserDetails schema.</summary>
    private static readonly string[] DocumentedUserExtras =
        ["account_id", "account_number", "cluster", "display_name", "language", "phone_number", "user_created_at"];

    [Fact]
    public async Task EveryZoomApiRouteExistsInTheOpenApiDescription()
    {
        string specs = SpecFiles.RequireDirectory();
        YamlOutline openApi = YamlOutline.Load(Path.Combine(specs, SpecFiles.ZoomOpenApi));
        string readme = await File.ReadAllTextAsync(Path.Combine(specs, "README.md"), SandboxHarness.Ct);
        await using ProviderSandboxServer server = await ProviderSandboxServer.StartAsync(ct: SandboxHarness.Ct);

        (string Method, string Path)[] routes = [.. Routes(server, "/zoom/v2")];
        Assert.Contains(("POST", "/users/{userId}/meetings"), routes);
        Assert.Contains(("PATCH", "/meetings/{meetingId}"), routes);
        foreach ((string method, string path) in routes)
        {
            bool described = openApi.Children("paths", path).Contains(method.ToLowerInvariant());
            bool documented = DocumentedZoomExtras.Any(extra =>
                extra.Method == method && extra.Path == path && readme.Contains(extra.ReadmeMention, StringComparison.Ordinal));
            Assert.True(described || documented, $"{method} {path} is neither in {SpecFiles.ZoomOpenApi} nor documented in README.md");
        }
    }

    [Fact]
    public async Task EveryCalendarRouteIsADiscoveryMethodWithTheSameHttpMethodAndScopes()
    {
        string specs = SpecFiles.RequireDirectory();
        JsonElement discovery = SpecFiles.LoadDiscovery(specs);
        Assert.Equal("calendar/v3/", discovery.GetProperty("servicePath").GetString());
        JsonElement resources = discovery.GetProperty("resources");
        await using ProviderSandboxServer server = await ProviderSandboxServer.StartAsync(ct: SandboxHarness.Ct);

        RouteEndpoint[] calendarEndpoints = [.. Endpoints(server).Where(e => e.RoutePattern.RawText!.StartsWith("/google/calendar/v3/", StringComparison.Ordinal))];
        Assert.Equal(9, calendarEndpoints.Length); // events insert/get/list/patch/update/delete/watch, channels.stop, freebusy.query
        foreach (RouteEndpoint endpoint in calendarEndpoints)
        {
            GoogleCalendarMethod method = endpoint.Metadata.GetMetadata<GoogleCalendarMethod>()!;
            JsonElement spec = resources.GetProperty(method.Resource).GetProperty("methods").GetProperty(method.Name);
            string path = endpoint.RoutePattern.RawText!["/google/calendar/v3/".Length..];
            Assert.Equal(spec.GetProperty("path").GetString(), path);
            Assert.Equal(spec.GetProperty("httpMethod").GetString(), Assert.Single(endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods));
            Assert.Equal(spec.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).Order(), method.Scopes.Order());
        }
    }

    [Fact]
    public void CalendarQueryParametersTheSandboxReadsExistInDiscovery()
    {
        JsonElement discovery = SpecFiles.LoadDiscovery(SpecFiles.RequireDirectory());
        JsonElement methods = discovery.GetProperty("resources").GetProperty("events").GetProperty("methods");

        AssertParameters(methods, "list", "timeMin", "timeMax", "updatedMin", "maxResults", "pageToken", "syncToken", "showDeleted", "singleEvents", "orderBy", "q", "iCalUID");
        foreach (string write in new[] { "insert", "patch", "update" })
        {
            AssertParameters(methods, write, "conferenceDataVersion", "sendUpdates", "sendNotifications");
        }

        AssertParameters(methods, "delete", "sendUpdates", "sendNotifications");
    }

    [Fact]
    public async Task EventFieldsTheSandboxEmitsExistInTheEventSchema()
    {
        JsonElement schemas = SpecFiles.LoadDiscovery(SpecFiles.RequireDirectory()).GetProperty("schemas");
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Google, SandboxHarness.Ada.Email).AccessToken;
        var body = new
        {
            summary = "All fields",
            description = "d",
            location = "l",
            colorId = "5",
            start = new { dateTime = "2026-03-10T15:00:00+01:00", timeZone = "Europe/Paris" },
            end = new { dateTime = "2026-03-10T16:00:00+01:00", timeZone = "Europe/Paris" },
            attendees = new object[]
            {
                new { email = "expert@example.org", displayName = "Expert", optional = true, comment = "c", additionalGuests = 1 },
                new { email = SandboxHarness.Ada.Email },
            },
            reminders = new { useDefault = false, overrides = new[] { new { method = "email", minutes = 30 } } },
            visibility = "private",
            transparency = "opaque",
            guestsCanModify = false,
            guestsCanInviteOthers = true,
            guestsCanSeeOtherGuests = true,
            anyoneCanAddSelf = false,
            source = new { title = "InsightGig", url = "https://insightgig.example/p/1" },
            extendedProperties = new { @private = new { meetingId = "m1" } },
            conferenceData = new { createRequest = new { requestId = "r1", conferenceSolutionKey = new { type = "hangoutsMeet" } } },
        };
        JsonElement created = await GoogleCalendarTests.InsertAsync(sandbox, token, body, "?conferenceDataVersion=1");
        using HttpResponseMessage listResponse = await sandbox.SendJsonAsync(HttpMethod.Get, "google/calendar/v3/calendars/primary/events", token);
        JsonElement list = await SandboxHarness.ReadJsonAsync(listResponse);

        AssertFieldsIn(schemas, "Event", created);
        AssertFieldsIn(schemas, "EventDateTime", created.GetProperty("start"));
        AssertFieldsIn(schemas, "EventDateTime", created.GetProperty("end"));
        AssertFieldsIn(schemas, "EventReminders", created.GetProperty("reminders"), "Event", "reminders");
        foreach (JsonElement attendee in created.GetProperty("attendees").EnumerateArray())
        {
            AssertFieldsIn(schemas, "EventAttendee", attendee);
        }

        AssertFieldsIn(schemas, "Event", created.GetProperty("organizer"), "Event", "organizer");
        AssertFieldsIn(schemas, "Event", created.GetProperty("creator"), "Event", "creator");
        JsonElement conference = created.GetProperty("conferenceData");
        AssertFieldsIn(schemas, "ConferenceData", conference);
        AssertFieldsIn(schemas, "CreateConferenceRequest", conference.GetProperty("createRequest"));
        AssertFieldsIn(schemas, "ConferenceSolution", conference.GetProperty("conferenceSolution"));
        AssertFieldsIn(schemas, "EntryPoint", conference.GetProperty("entryPoints")[0]);
        AssertFieldsIn(schemas, "Events", list);
        Assert.Equal("2026-03-10T15:00:00+01:00", created.GetProperty("start").GetProperty("dateTime").GetString());
    }

    [Fact]
    public async Task ZoomFieldsTheSandboxEmitsExistInTheOpenApiSchemas()
    {
        YamlOutline openApi = YamlOutline.Load(Path.Combine(SpecFiles.RequireDirectory(), SpecFiles.ZoomOpenApi));
        await using SandboxHarness sandbox = await SandboxHarness.StartAsync();
        string token = sandbox.State.IssueTokens(SandboxProvider.Zoom, SandboxHarness.Ada.Email).AccessToken;
        long id = await ZoomApiTests.CreateMeetingAsync(sandbox, token);
        using HttpResponseMessage createResponse = await sandbox.SendJsonAsync(HttpMethod.Post, "zoom/v2/users/me/meetings", token, new { topic = "Fields", agenda = "a" });
        using HttpResponseMessage getResponse = await sandbox.SendJsonAsync(HttpMethod.Get, $"zoom/v2/meetings/{id}", token);
        using HttpResponseMessage listResponse = await sandbox.SendJsonAsync(HttpMethod.Get, "zoom/v2/users/me/meetings", token);
        using HttpResponseMessage userResponse = await sandbox.SendJsonAsync(HttpMethod.Get, "zoom/v2/users/me", token);
        Assert.Equal(HttpStatusCode.OK, userResponse.StatusCode);

        IReadOnlySet<string> details = openApi.SchemaProperties("GetMeetingDetailsResponse");
        Assert.Contains("uuid", details);
        AssertKeysIn(await SandboxHarness.ReadJsonAsync(createResponse), details.Union(openApi.SchemaProperties("CreateMeetingResponse")), "create meeting response");
        JsonElement meeting = await SandboxHarness.ReadJsonAsync(getResponse);
        AssertKeysIn(meeting, details, "GetMeetingDetailsResponse");
        AssertKeysIn(meeting.GetProperty("settings"), openApi.SchemaProperties("MeetingSettings"), "MeetingSettings");
        JsonElement list = await SandboxHarness.ReadJsonAsync(listResponse);
        AssertKeysIn(list, openApi.SchemaProperties("ListMeetingsResponse"), "ListMeetingsResponse");
        AssertKeysIn(list.GetProperty("meetings")[0], openApi.SchemaProperties("MeetingObject"), "MeetingObject");
        AssertKeysIn(await SandboxHarness.ReadJsonAsync(userResponse), openApi.SchemaProperties("UserDetails").Union(DocumentedUserExtras), "UserDetails");
    }

    [Fact]
    public void SpecsFolderIsFoundBesideTheRepository()
    {
        string? specs = SpecFiles.FindDirectory();
        if (specs is null)
        {
            Assert.Skip("Provider specs not found beside the repository (<repo>/../shared/specs).");
        }

        Assert.True(File.Exists(Path.Combine(specs, "README.md")));
    }

    private static IEnumerable<RouteEndpoint> Endpoints(ProviderSandboxServer server) =>
        server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    private static IEnumerable<(string Method, string Path)> Routes(ProviderSandboxServer server, string prefix) =>
        from endpoint in Endpoints(server)
        let pattern = endpoint.RoutePattern.RawText!
        where pattern.StartsWith(prefix + "/", StringComparison.Ordinal)
        from method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods
        select (method, pattern[prefix.Length..]);

    private static void AssertParameters(JsonElement methods, string method, params string[] names)
    {
        JsonElement parameters = methods.GetProperty(method).GetProperty("parameters");
        foreach (string name in names)
        {
            Assert.True(parameters.TryGetProperty(name, out _), $"events.{method} has no parameter '{name}'");
        }
    }

    /// <summary>Every key of <paramref name="value"/> is a property of the schema (or of a nested inline schema).</summary>
    private static void AssertFieldsIn(JsonElement schemas, string schema, JsonElement value, params string[] nestedPath)
    {
        JsonElement properties = schemas.GetProperty(nestedPath.Length == 0 ? schema : nestedPath[0]).GetProperty("properties");
        if (nestedPath.Length == 2)
        {
            properties = properties.GetProperty(nestedPath[1]).GetProperty("properties");
        }

        HashSet<string> known = [.. properties.EnumerateObject().Select(p => p.Name)];
        AssertKeysIn(value, known, nestedPath.Length == 0 ? schema : string.Join('.', nestedPath));
    }

    private static void AssertKeysIn(JsonElement value, IEnumerable<string> known, string schema)
    {
        HashSet<string> allowed = [.. known];
        string[] unknown = [.. value.EnumerateObject().Select(p => p.Name).Where(name => !allowed.Contains(name))];
        Assert.True(unknown.Length == 0, $"{schema} has no {string.Join(", ", unknown)}");
    }
}
