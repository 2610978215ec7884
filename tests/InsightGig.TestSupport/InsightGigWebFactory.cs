using System.Net;
using AngleSharp.Html.Parser;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace InsightGig.TestSupport;

/// <summary>
/// The real app in memory, in Development (migrated and demo-seeded at start, as <c>dotnet run</c> does), on SQLite (a
/// temporary file of its own) or on PostgreSQL (a connection string, e.g. a <see cref="PostgreSqlTestDatabase"/>).
/// Clients do not follow redirects and keep cookies, so tests see each 302 and stay signed in.
/// </summary>
public class InsightGigWebFactory : WebApplicationFactory<Program>
{
    private readonly string? _sqliteFolder;
    private readonly string _connectionString;

    /// <summary>SQLite in a temporary file that is deleted with the factory.</summary>
    public InsightGigWebFactory()
        : this(DatabaseProvider.Sqlite, null)
    {
    }

    /// <remarks>Protected so that xunit sees one public constructor when the factory is a class fixture; use <see cref="ForDatabase"/>.</remarks>
    protected InsightGigWebFactory(DatabaseProvider provider, string? connectionString, bool seedDemoData = true)
    {
        Provider = provider;
        SeedDemoData = seedDemoData;
        if (provider == DatabaseProvider.Sqlite && connectionString is null)
        {
            _sqliteFolder = Path.Combine(Path.GetTempPath(), "insightgig-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_sqliteFolder);
            connectionString = $"Data Source={Path.Combine(_sqliteFolder, "insightgig.db")}";
        }

        _connectionString = connectionString ?? throw new ArgumentNullException(nameof(connectionString), $"{provider} needs a connection string.");
    }

    public DatabaseProvider Provider { get; }

    public bool SeedDemoData { get; }

    /// <summary>The app on the given database, e.g. <c>ForDatabase(DatabaseProvider.PostgreSql, postgres.ConnectionString)</c>.</summary>
    public static InsightGigWebFactory ForDatabase(DatabaseProvider provider, string connectionString, bool seedDemoData = true) =>
        new(provider, connectionString, seedDemoData);

    /// <summary>How every test client behaves: redirects are answers to check, cookies are kept.</summary>
    public static WebApplicationFactoryClientOptions TestClientOptions => new() { AllowAutoRedirect = false, HandleCookies = true };

    /// <summary>A client that nobody has signed in with.</summary>
    public HttpClient CreateAnonymousClient() => CreateClient(TestClientOptions);

    /// <summary>A client signed in as <paramref name="account"/> with the demo password.</summary>
    public async Task<HttpClient> CreateClientForAsync(DemoAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var client = CreateAnonymousClient();
        using var response = await SignInAsync(client, account.Email);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            client.Dispose();
            throw new InvalidOperationException($"Signing in as {account.Email} answered {(int)response.StatusCode}, not a redirect.");
        }

        return client;
    }

    /// <summary>
    /// Signs in through the login form as a browser does: GET the page, take its antiforgery token, POST the form. Answers
    /// the POST's response: 302 on success, 200 with the form and an error otherwise.
    /// </summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password = DemoData.Password)
    {
        ArgumentNullException.ThrowIfNull(client);
        var token = await GetFormTokenAsync(client, "/Account/Login");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        });
        return await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), form);
    }

    /// <summary>The antiforgery token of the first form on <paramref name="url"/> (its cookie stays in the client).</summary>
    public static async Task<string> GetFormTokenAsync(HttpClient client, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}; expected a page with a form.");
        }

        var document = await new HtmlParser().ParseDocumentAsync(html);
        var input = document.QuerySelector("form input[name='__RequestVerificationToken']");
        return input?.GetAttribute("value") is { Length: > 0 } token
            ? token
            : throw new InvalidOperationException($"GET {url} has no form with an antiforgery token.");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting($"ConnectionStrings:{Provider}", _connectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Database:SeedDemoData", SeedDemoData ? "true" : "false");
        builder.UseSetting(TestKeyRingCertificate.Setting.Key, TestKeyRingCertificate.Setting.Value);
        // Every test client comes from one address; rate limits have tests of their own that set them low.
        builder.UseSetting("RateLimits:SignInPerMinute", "100000");
        builder.UseSetting("RateLimits:SchedulingPerMinute", "100000");
        builder.UseSetting("RateLimits:SignInPerAccountPerMinute", "100000");
        builder.UseSetting("RateLimits:LinkingPerMinute", "100000");
        builder.UseSetting("RateLimits:FindTimePerMinute", "100000");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _sqliteFolder is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_sqliteFolder, recursive: true);
            }
            catch (IOException)
            {
                // A temporary file left behind is harmless.
            }
        }
    }
}
