using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Directory;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Providers.Zoom;
using InsightGig.ProviderSandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.TestSupport.Jobs;

/// <summary>What to seed: a person with a Zoom connection whose (sandbox-issued) access token the app believes expires then.</summary>
/// <param name="WithRefreshToken">False stores no refresh token (as if the provider never sent one).</param>
public sealed record ZoomConnectionSpec(string Email, DateTimeOffset AccessTokenExpiresAtUtc, bool WithRefreshToken = true);

/// <summary>A seeded person and connection, with the clear tokens the sandbox issued.</summary>
public sealed record SeededConnection(Guid PersonId, Guid ConnectionId, string Email, SandboxIssuedTokens Tokens);

/// <summary>A connection row as stored, the refresh lease and the drain claim (shadow columns) included.</summary>
public sealed record StoredConnection(
    Guid Id,
    ConnectionStatus Status,
    string? ProtectedAccessToken,
    string? ProtectedRefreshToken,
    DateTimeOffset? AccessTokenExpiresAtUtc,
    DateTimeOffset? LastRefreshedAtUtc,
    DateTimeOffset? DisconnectedAtUtc,
    string? LastError,
    int Version,
    DateTimeOffset? RefreshLeaseUntilUtc,
    DateTimeOffset? RefreshInDoubtSinceUtc = null,
    Guid? RefreshClaimId = null,
    DateTimeOffset? RefreshClaimedUntilUtc = null);

/// <summary>
/// People with Zoom connections for the token-refresh tests: tokens issued by the provider sandbox
/// (<see cref="ProviderSandboxState.IssueTokens"/>) and stored encrypted with the app's <see cref="ITokenProtector"/>.
/// </summary>
public static class ZoomConnectionSeed
{
    private const string RefreshLease = "RefreshLeaseUntilUtc";
    private const string RefreshClaim = "RefreshClaimId";
    private const string RefreshClaimedUntil = "RefreshClaimedUntilUtc";

    /// <summary>Adds the people (first: connections reference them) and their connections, in one save.</summary>
    public static async Task<IReadOnlyList<SeededConnection>> AddAsync(
        IServiceProvider services, ProviderSandboxState sandbox, IEnumerable<ZoomConnectionSpec> specs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(specs);
        await using var scope = services.CreateAsyncScope();
        var protector = scope.ServiceProvider.GetRequiredService<ITokenProtector>();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = DateTimeOffset.UtcNow;
        var seeded = new List<SeededConnection>();
        foreach (var spec in specs)
        {
            var issued = sandbox.IssueTokens(SandboxProvider.Zoom, spec.Email);
            var person = new Person(Guid.NewGuid(), PersonKind.Expert, "Expert " + spec.Email.Split('@')[0], spec.Email, "Europe/London", null);
            var connection = ProviderConnection.Connect(
                Guid.NewGuid(),
                person.Id,
                ZoomProvider.Key,
                new ProviderAccount(issued.AccountId, spec.Email),
                new ProtectedTokens(
                    protector.Protect(issued.AccessToken),
                    spec.WithRefreshToken ? protector.Protect(issued.RefreshToken!) : null,
                    spec.AccessTokenExpiresAtUtc,
                    issued.Scope),
                now);
            db.People.Add(person);
            db.ProviderConnections.Add(connection);
            seeded.Add(new SeededConnection(person.Id, connection.Id, spec.Email, issued));
        }

        // EF inserts the people before the connections that reference them.
        await db.SaveChangesAsync(cancellationToken);
        return seeded;
    }

    public static async Task<SeededConnection> AddAsync(
        IServiceProvider services, ProviderSandboxState sandbox, ZoomConnectionSpec spec, CancellationToken cancellationToken = default) =>
        (await AddAsync(services, sandbox, [spec], cancellationToken)).Single();

    /// <summary>Changes a connection through its domain methods (e.g. <c>c => c.Disconnect(now)</c>) and saves it.</summary>
    public static async Task UpdateAsync(IServiceProvider services, Guid connectionId, Action<ProviderConnection> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var connection = await db.ProviderConnections.SingleAsync(c => c.Id == connectionId, cancellationToken);
        change(connection);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Sets only the status column, keeping the tokens (a row the domain would not produce: it proves a query looks at the status).</summary>
    public static async Task ForceStatusAsync(IServiceProvider services, Guid connectionId, ConnectionStatus status, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        await db.ProviderConnections.Where(c => c.Id == connectionId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, status), cancellationToken);
    }

    /// <summary>Makes the app believe the access tokens of all connections expire at <paramref name="expiresAtUtc"/>.</summary>
    public static async Task SetExpiryOfAllAsync(IServiceProvider services, DateTimeOffset expiresAtUtc, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        await db.ProviderConnections.ExecuteUpdateAsync(s => s.SetProperty(c => c.AccessTokenExpiresAtUtc, expiresAtUtc), cancellationToken);
    }

    public static async Task<StoredConnection> ReadAsync(IServiceProvider services, Guid connectionId, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return await db.ProviderConnections.AsNoTracking()
            .Where(c => c.Id == connectionId)
            .Select(c => new StoredConnection(
                c.Id,
                c.Status,
                c.ProtectedAccessToken,
                c.ProtectedRefreshToken,
                c.AccessTokenExpiresAtUtc,
                c.LastRefreshedAtUtc,
                c.DisconnectedAtUtc,
                c.LastError,
                c.Version,
                EF.Property<DateTimeOffset?>(c, RefreshLease),
                c.RefreshInDoubtSinceUtc,
                EF.Property<Guid?>(c, RefreshClaim),
                EF.Property<DateTimeOffset?>(c, RefreshClaimedUntil)))
            .SingleAsync(cancellationToken);
    }

    /// <summary>Moves a connection's clocks (refresh lease, refresh in doubt, drain claim) back by <paramref name="by"/>, as if that much time had passed.</summary>
    public static async Task BackdateAsync(IServiceProvider services, Guid connectionId, TimeSpan by, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var stored = await ReadAsync(services, connectionId, cancellationToken);
        await db.ProviderConnections.Where(c => c.Id == connectionId)
            .ExecuteUpdateAsync(
                s => s
                    .SetProperty(c => EF.Property<DateTimeOffset?>(c, RefreshLease), stored.RefreshLeaseUntilUtc - by)
                    .SetProperty(c => c.RefreshInDoubtSinceUtc, stored.RefreshInDoubtSinceUtc - by)
                    .SetProperty(c => EF.Property<DateTimeOffset?>(c, RefreshClaimedUntil), stored.RefreshClaimedUntilUtc - by),
                cancellationToken);
    }

    /// <summary>Leaves an expired refresh lease on the connection, as a worker that went silent mid-refresh does.</summary>
    public static async Task LeaveExpiredLeaseAsync(IServiceProvider services, Guid connectionId, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var expired = DateTimeOffset.UtcNow.AddMinutes(-1);
        await db.ProviderConnections.Where(c => c.Id == connectionId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => EF.Property<DateTimeOffset?>(c, RefreshLease), expired), cancellationToken);
    }

    /// <summary>Deletes every connection and person (for databases that hold only what these tests seeded).</summary>
    public static async Task DeleteAllAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        await db.ProviderConnections.ExecuteDeleteAsync(cancellationToken);
        await db.People.ExecuteDeleteAsync(cancellationToken);
    }
}
