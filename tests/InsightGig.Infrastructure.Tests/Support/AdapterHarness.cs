using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Directory;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Providers;
using InsightGig.ProviderSandbox;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Infrastructure.Tests.Support;

/// <summary>
/// A provider sandbox on loopback, the adapters registered by <see cref="ProviderAdaptersRegistration.AddProviderAdapters"/>
/// and configured to talk to it, and a temporary SQLite database migrated like the app's.
/// </summary>
public sealed class AdapterHarness : IAsyncDisposable
{
    public static readonly SandboxAccount Ada = new("ada@example.com", "Ada Lovelace");
    public static readonly SandboxAccount Grace = new("grace@example.com", "Grace Hopper");

    private readonly string _databasePath;

    private AdapterHarness(ProviderSandboxServer sandbox, ServiceProvider services, string databasePath)
    {
        Sandbox = sandbox;
        Services = services;
        _databasePath = databasePath;
    }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ProviderSandboxServer Sandbox { get; }

    public ProviderSandboxState State => Sandbox.State;

    public ServiceProvider Services { get; }

    public Uri Base => Sandbox.BaseAddress;

    public string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _databasePath, Pooling = false }.ToString();

    /// <param name="http">Overrides of <c>Providers:{Zoom,Google,Microsoft}:Http:*</c> (e.g. <c>AttemptTimeout</c>).</param>
    /// <param name="clock">The app's clock (default the system's), e.g. a frozen <c>FakeTimeProvider</c>.</param>
    public static async Task<AdapterHarness> StartAsync(
        Action<ProviderSandboxOptions>? sandboxOptions = null, IReadOnlyDictionary<string, string>? http = null, TimeProvider? clock = null)
    {
        var sandbox = await ProviderSandboxServer.StartAsync(options =>
        {
            options.KnownAccounts.Add(Ada);
            options.KnownAccounts.Add(Grace);
            sandboxOptions?.Invoke(options);
        }, Ct);

        var b = sandbox.BaseAddress.AbsoluteUri;
        var settings = new Dictionary<string, string?>
        {
            ["Providers:Zoom:ClientId"] = "sandbox-zoom-client",
            ["Providers:Zoom:ClientSecret"] = "sandbox-zoom-secret",
            ["Providers:Zoom:AuthorizeUrl"] = b + "zoom/oauth/authorize",
            ["Providers:Zoom:TokenUrl"] = b + "zoom/oauth/token",
            ["Providers:Zoom:RevokeUrl"] = b + "zoom/oauth/revoke",
            ["Providers:Zoom:ApiBaseUrl"] = b + "zoom/v2/",
            ["Providers:Google:ClientId"] = "sandbox-google-client.apps.googleusercontent.com",
            ["Providers:Google:ClientSecret"] = "sandbox-google-secret",
            ["Providers:Google:AuthorizeUrl"] = b + "google/o/oauth2/v2/auth",
            ["Providers:Google:TokenUrl"] = b + "google/token",
            ["Providers:Google:RevokeUrl"] = b + "google/revoke",
            ["Providers:Google:UserInfoUrl"] = b + "google/oauth2/v3/userinfo",
            ["Providers:Google:ApiRootUrl"] = b + "google/",
            ["Providers:Microsoft:ClientId"] = "6731de76-14a6-49ae-97bc-6eba6914391e",
            ["Providers:Microsoft:ClientSecret"] = "sandbox-microsoft-secret",
            ["Providers:Microsoft:AuthorizeUrl"] = b + "microsoft/common/oauth2/v2.0/authorize",
            ["Providers:Microsoft:TokenUrl"] = b + "microsoft/common/oauth2/v2.0/token",
            ["Providers:Microsoft:GraphBaseUrl"] = b + "microsoft/v1.0/",
        };
        var httpDefaults = new Dictionary<string, string>
        {
            // Generous: a loaded CI machine must not turn a slow answer into a failure. Tests of timeouts set their own.
            ["AttemptTimeout"] = "00:00:10",
            ["TotalTimeout"] = "00:00:30",
            ["RetryBaseDelay"] = "00:00:00.050",
            ["MaxRetryAfter"] = "00:00:03",
        };
        foreach (var (key, value) in http ?? new Dictionary<string, string>())
        {
            httpDefaults[key] = value;
        }

        foreach (var (key, value) in httpDefaults)
        {
            settings[$"Providers:Zoom:Http:{key}"] = value;
            settings[$"Providers:Google:Http:{key}"] = value;
            settings[$"Providers:Microsoft:Http:{key}"] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var databasePath = Path.Combine(Path.GetTempPath(), $"insightgig-adapters-{Guid.NewGuid():N}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath }.ToString();

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<SqliteApplicationDbContext>(o => o.UseSqlite(connectionString));
        services.AddScoped<ApplicationDbContext>(sp => sp.GetRequiredService<SqliteApplicationDbContext>());
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddProviderAdapters(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ApplicationDbContext>().Database.MigrateAsync(Ct);
        }

        return new AdapterHarness(sandbox, provider, databasePath);
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A person with a connection to <paramref name="provider"/> holding sandbox-issued tokens (protected as the app stores them).</summary>
    public async Task<LinkedPerson> LinkAsync(string provider, SandboxAccount account, TimeSpan accessTokenValidFor, IEnumerable<string>? scopes = null)
    {
        var sandboxProvider = new SandboxProvider(provider); // each sandbox part is mounted under its unit's provider key
        var issued = State.IssueTokens(sandboxProvider, account.Email, scopes);
        var personId = Guid.NewGuid();
        var connectionId = Guid.NewGuid();
        var protector = Get<ITokenProtector>();
        var now = DateTimeOffset.UtcNow;
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        if (!await db.People.AnyAsync(p => p.Email == account.Email, Ct))
        {
            db.People.Add(new Person(personId, PersonKind.Expert, account.DisplayName, account.Email, "Europe/Zurich", organisationId: null));
        }
        else
        {
            personId = (await db.People.FirstAsync(p => p.Email == account.Email, Ct)).Id;
        }

        db.ProviderConnections.Add(ProviderConnection.Connect(
            connectionId,
            personId,
            provider,
            new ProviderAccount(issued.AccountId, account.Email),
            new ProtectedTokens(protector.Protect(issued.AccessToken), protector.Protect(issued.RefreshToken!), now + accessTokenValidFor, issued.Scope),
            now));
        await db.SaveChangesAsync(Ct);
        return new LinkedPerson(personId, connectionId, issued);
    }

    /// <summary>The connection as stored now (no tracking).</summary>
    public async Task<ProviderConnection> ConnectionAsync(Guid connectionId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return await db.ProviderConnections.AsNoTracking().SingleAsync(c => c.Id == connectionId, Ct);
    }

    /// <summary>Runs <paramref name="action"/> in a DI scope of its own (as one web request would).</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public int RequestCount(string method, string pathSuffix) =>
        State.GetRequestLog().Count(r => r.Method == method && r.Path.EndsWith(pathSuffix, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Sandbox.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // A leftover temp file is harmless.
            }
        }
    }
}

public sealed record LinkedPerson(Guid PersonId, Guid ConnectionId, SandboxIssuedTokens Tokens);
