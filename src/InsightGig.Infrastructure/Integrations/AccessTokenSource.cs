using System.Diagnostics;
using InsightGig.Application.Common.Telemetry;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InsightGig.Infrastructure.Integrations;

/// <summary>
/// Hands adapters a valid access token, refreshing it just in time with at most one token exchange per connection at a
/// time across all app instances.
/// </summary>
/// <remarks>
/// <para>
/// The guard is a lease on the connection row (shadow column <c>RefreshLeaseUntilUtc</c>): a conditional UPDATE sets it
/// only when it is empty or expired, so exactly one caller wins. The winner exchanges the refresh token, saves the new
/// tokens (the <see cref="ProviderConnection.Version"/> concurrency token protects them) and clears the lease in the same
/// write. The others poll the row until the lease is gone and then use the token the winner saved.
/// </para>
/// <para>
/// Each call works in a DbContext of its own (a private DI scope): saving refreshed tokens must not also save, or be
/// confused by, whatever the calling use case is tracking in the request's DbContext.
/// </para>
/// <para>
/// The exchange itself is not cancelled by the caller: once the provider has issued (and, for Zoom, rotated) tokens they
/// must be saved, or the connection is broken. It is bounded by <see cref="RefreshCallLimit"/>, well inside the lease.
/// </para>
/// <para>
/// An exchange that ends without a conclusive answer (a timeout, a 5xx, an unreadable body; not a 429 or 503 that says when
/// to come back) may have been processed. A provider that rotates refresh tokens and invalidates the old one then refuses the
/// stored token, and the new pair is lost with the answer; one that keeps the old token working simply accepts it again. So
/// such an exchange, or a lease taken over from a holder that went silent, marks the connection
/// <see cref="ProviderConnection.RefreshInDoubtSinceUtc"/>, and an <c>invalid_grant</c> within <see cref="InDoubtGrace"/>
/// of that is not taken as final: the connection stays active (the failure is transient, retried after the grace), in case
/// the silent holder still stores the pair it got. After the grace the refusal stands and the person is asked to link again,
/// told that the provider's answer was lost rather than that access was withdrawn.
/// </para>
/// </remarks>
public sealed partial class AccessTokenSource(
    IServiceScopeFactory scopes,
    IEnumerable<IOAuthAccountLinker> linkers,
    ITokenProtector protector,
    TimeProvider time,
    ILogger<AccessTokenSource> logger) : IAccessTokenSource, IAccessTokenRefresher
{
    /// <summary>A token that expires sooner than this is refreshed before use.</summary>
    public static readonly TimeSpan ValidityMargin = TimeSpan.FromMinutes(2);

    /// <summary>How long a refresh lease is held at most; a crashed holder's lease simply runs out.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);

    /// <summary>The longest a token exchange may take, so it always ends while its lease is still held.</summary>
    public static readonly TimeSpan RefreshCallLimit = TimeSpan.FromSeconds(25);

    /// <summary>How long a caller waits for another worker's refresh before giving up (transient).</summary>
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long after an exchange with an unknown outcome a refusal of the refresh token is not final. Longer than a live
    /// holder can take (lease plus call limit, twice): a late save of the new pair lands inside it.
    /// </summary>
    public static readonly TimeSpan InDoubtGrace = TimeSpan.FromMinutes(2);

    /// <summary>Writes of freshly issued tokens tried at most (waiting 0.25, 0.5, 1, 2 s between): 4 s, inside the lease after the call limit.</summary>
    private const int IssuedTokensSaveAttempts = 5;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private const string Lease = ProviderConnectionConfiguration.RefreshLeaseUntil;

    /// <summary>How long a connection read ahead stays good for this scope's next token request (a long job's scope reads again).</summary>
    public static readonly TimeSpan ReadAheadLifetime = TimeSpan.FromSeconds(30);

    /// <summary>Connections read ahead for this scope (<see cref="Remember"/>): a usable token among them needs no read of its own.</summary>
    private readonly Dictionary<(Guid PersonId, string Provider), (ConnectionState State, long ReadAt)> _readAhead = [];

    public async Task<ProviderResult<string>> GetAccessTokenAsync(Guid personId, string provider, CancellationToken cancellationToken)
    {
        var access = await GetAccountAccessAsync(personId, provider, cancellationToken);
        return access.IsSuccess ? ProviderResult<string>.Ok(access.Value!.AccessToken) : access.Failure!;
    }

    public async Task<ProviderResult<AccountAccess>> GetAccountAccessAsync(Guid personId, string provider, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        if (_readAhead.Remove((personId, provider), out var known) && Stopwatch.GetElapsedTime(known.ReadAt) < ReadAheadLifetime
            && Unusable(known.State, provider) is null && UsableToken(known.State, ValidityMargin) is { } readAhead)
        {
            return ProviderResult<AccountAccess>.Ok(new AccountAccess(readAhead, known.State.AccountEmail));
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        // The person's other connections come in the same query (one per provider, a handful at most): a meeting's next
        // provider call (the calendar after the video meeting) then needs no read of its own.
        var states = await ProjectForUse(db.ProviderConnections.AsNoTracking().Where(c => c.PersonId == personId)).ToListAsync(cancellationToken);
        var state = states.Find(s => string.Equals(s.Provider, provider, StringComparison.Ordinal));
        foreach (var other in states)
        {
            if (!ReferenceEquals(other, state))
            {
                _readAhead[(personId, other.Provider)] = (other, Stopwatch.GetTimestamp());
            }
        }

        if (Unusable(state, provider) is { } failure)
        {
            return failure;
        }

        if (UsableToken(state!, ValidityMargin) is { } token)
        {
            return ProviderResult<AccountAccess>.Ok(new AccountAccess(token, state!.AccountEmail));
        }

        var refreshed = await RefreshGuardedAsync(db, state!, s => UsableToken(s, ValidityMargin) is not null, takeOverAfterOthers: false, cancellationToken);
        if (!refreshed.IsSuccess)
        {
            return refreshed.Failure!;
        }

        var renewed = TokenOf(refreshed.Value!);
        return renewed.IsSuccess ? ProviderResult<AccountAccess>.Ok(new AccountAccess(renewed.Value!, refreshed.Value!.AccountEmail)) : renewed.Failure!;
    }

    /// <summary>
    /// Several people's connections in one query, for callers about to use many at once (free/busy of every participant):
    /// each is handed to the scope that uses it with <see cref="Remember"/>, so N calendars cost one read, not N.
    /// </summary>
    internal async Task<IReadOnlyList<ConnectionState>> ReadManyAsync(IReadOnlyCollection<Guid> personIds, IReadOnlyCollection<string> providers, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return await ProjectForUse(db.ProviderConnections.AsNoTracking().Where(c => personIds.Contains(c.PersonId) && providers.Contains(c.Provider)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Lets this scope's next token request for the connection's person use <paramref name="state"/> (once) instead of reading it again.</summary>
    internal void Remember(ConnectionState state) => _readAhead[(state.PersonId, state.Provider)] = (state, Stopwatch.GetTimestamp());

    public async Task<ProviderResult<string>> RefreshRejectedTokenAsync(Guid personId, string provider, string rejectedAccessToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentException.ThrowIfNullOrEmpty(rejectedAccessToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var state = await ReadAsync(db, c => c.PersonId == personId && c.Provider == provider, cancellationToken);
        if (Unusable(state, provider) is { } failure)
        {
            return failure;
        }

        bool Replaced(ConnectionState s) =>
            UsableToken(s, ValidityMargin) is { } current && !string.Equals(current, rejectedAccessToken, StringComparison.Ordinal);

        if (Replaced(state!))
        {
            return ProviderResult<string>.Ok(UsableToken(state!, ValidityMargin)!);
        }

        var refreshed = await RefreshGuardedAsync(db, state!, Replaced, takeOverAfterOthers: true, cancellationToken);
        return refreshed.IsSuccess ? TokenOf(refreshed.Value!) : refreshed.Failure!;
    }

    public async Task<ProviderResult<Done>> RefreshIfExpiringAsync(Guid connectionId, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var state = await ReadAsync(db, c => c.Id == connectionId, cancellationToken);
        if (Unusable(state, state?.Provider ?? "provider") is { } failure)
        {
            return failure;
        }

        bool Fresh(ConnectionState s) => s.ProtectedAccessToken is not null && !ExpiresWithin(s, window);
        if (Fresh(state!))
        {
            return ProviderResult<Done>.Ok(Done.Value);
        }

        var refreshed = await RefreshGuardedAsync(db, state!, Fresh, takeOverAfterOthers: false, cancellationToken);
        return refreshed.IsSuccess ? ProviderResult<Done>.Ok(Done.Value) : refreshed.Failure!;
    }

    /// <summary>
    /// Gets the lease and refreshes, or waits for the worker holding it. <paramref name="satisfied"/> says when a state
    /// needs no refresh any more (checked again under the lease: another worker may have just refreshed).
    /// </summary>
    /// <param name="takeOverAfterOthers">
    /// When a holder released the lease without new tokens, refresh ourselves (a rejected token) rather than report the
    /// holder's failure (the holder either failed or found nothing to do under its own rule).
    /// </param>
    private async Task<ProviderResult<ConnectionState>> RefreshGuardedAsync(
        ApplicationDbContext db, ConnectionState initial, Func<ConnectionState, bool> satisfied, bool takeOverAfterOthers, CancellationToken cancellationToken)
    {
        // Waiting is measured on the wall clock, not on the (possibly frozen, in tests) TimeProvider the lease uses.
        var waited = Stopwatch.StartNew();
        var provider = initial.Provider;
        while (true)
        {
            if (await TryTakeLeaseAsync(db, initial.Id, cancellationToken) is { } leaseUntil)
            {
                return await RefreshUnderLeaseAsync(db, initial.Id, provider, leaseUntil, satisfied);
            }

            // Another worker is refreshing: wait for its tokens.
            while (true)
            {
                if (waited.Elapsed > WaitLimit)
                {
                    LogWaitTimedOut(logger, provider, initial.Id);
                    return Failure(provider, ProviderFailureKind.Transient, $"{DisplayName(provider)} tokens are being renewed; please try again in a moment.");
                }

                await Task.Delay(PollInterval, cancellationToken);
                var state = await ReadAsync(db, c => c.Id == initial.Id, cancellationToken);
                if (Unusable(state, provider) is { } failure)
                {
                    return failure;
                }

                if (satisfied(state!))
                {
                    return ProviderResult<ConnectionState>.Ok(state!);
                }

                if (state!.LeaseUntilUtc is null)
                {
                    if (state.Version != initial.Version && TokenOf(state).IsSuccess)
                    {
                        // Renewed by the holder (a token shorter-lived than our margin still counts).
                        return ProviderResult<ConnectionState>.Ok(state);
                    }

                    if (!takeOverAfterOthers)
                    {
                        return Failure(provider, ProviderFailureKind.Transient, $"{DisplayName(provider)} could not renew the sign-in just now; please try again in a moment.");
                    }

                    takeOverAfterOthers = false;
                    break;
                }

                if (state.LeaseUntilUtc < time.GetUtcNow())
                {
                    break; // the holder died: take over
                }
            }
        }
    }

    private async Task<ProviderResult<ConnectionState>> RefreshUnderLeaseAsync(
        ApplicationDbContext db, Guid connectionId, string provider, DateTimeOffset leaseUntil, Func<ConnectionState, bool> satisfied)
    {
        // From here on the caller's cancellation is not honoured (see the class remarks); every step is bounded instead.
        InsightGigTelemetry.TagConnection(connectionId);
        var leaseCleared = false;
        // From the exchange until its outcome is written, anything that goes wrong (a failed save, a crash) leaves the
        // provider's answer unknown to the next worker: the lease is then released "in doubt", or runs out, which is the same.
        var outcomeUnrecorded = false;
        try
        {
            db.ChangeTracker.Clear();
            var connection = await db.ProviderConnections.FirstOrDefaultAsync(c => c.Id == connectionId, CancellationToken.None);
            if (connection is null)
            {
                leaseCleared = true;
                return Failure(provider, ProviderFailureKind.NotConnected, $"Link your {DisplayName(provider)} account first.");
            }

            var state = ConnectionState.Of(connection, leaseUntil);
            if (Unusable(state, provider) is { } unusable)
            {
                return unusable;
            }

            if (satisfied(state))
            {
                return ProviderResult<ConnectionState>.Ok(state); // another worker refreshed just before we got the lease
            }

            var linker = linkers.FirstOrDefault(l => string.Equals(l.Provider, provider, StringComparison.Ordinal));
            if (linker is null)
            {
                return Failure(provider, ProviderFailureKind.Rejected, $"InsightGig cannot renew {provider} sign-ins.");
            }

            var refreshToken = connection.ProtectedRefreshToken is { } protectedRefresh ? protector.Unprotect(protectedRefresh) : null;
            if (refreshToken is null)
            {
                var reason = $"InsightGig has no usable {linker.DisplayName} sign-in to renew. Please link your account again.";
                connection.MarkReconnectNeeded(reason);
                leaseCleared = await SaveAndClearLeaseAsync(db, connection);
                LogMarkedReconnectNeeded(logger, provider, connectionId, "no refresh token");
                return Failure(provider, ProviderFailureKind.ReconnectNeeded, reason);
            }

            ProviderResult<OAuthTokens> result;
            outcomeUnrecorded = true;
            using (var limit = new CancellationTokenSource(RefreshCallLimit))
            {
                try
                {
                    result = await linker.RefreshAsync(refreshToken, limit.Token);
                }
                catch (OperationCanceledException) when (limit.IsCancellationRequested)
                {
                    result = Failure(provider, ProviderFailureKind.Transient, $"{linker.DisplayName} did not answer in time.");
                }
            }

            InsightGigTelemetry.RecordTokenRefresh(provider, result switch
            {
                { IsSuccess: true } => TokenRefreshOutcome.Refreshed,
                { Failure.Kind: ProviderFailureKind.ReconnectNeeded } => TokenRefreshOutcome.Revoked,
                _ => TokenRefreshOutcome.Failed,
            });
            var now = time.GetUtcNow();
            if (result.IsSuccess)
            {
                var tokens = result.Value!;
                connection.Refreshed(
                    new ProtectedTokens(
                        protector.Protect(tokens.AccessToken),
                        tokens.RefreshToken is null ? null : protector.Protect(tokens.RefreshToken),
                        tokens.ExpiresAtUtc,
                        tokens.Scopes),
                    now);
                leaseCleared = await SaveIssuedTokensAsync(db, connection);
                outcomeUnrecorded = false; // saved, or the row changed meanwhile (relinked, disconnected): its state is the answer
                if (!leaseCleared)
                {
                    return await AfterLostWriteAsync(db, connectionId, provider);
                }

                LogRefreshed(logger, provider, connectionId);
                return ProviderResult<ConnectionState>.Ok(ConnectionState.Of(connection, null));
            }

            var refreshFailure = result.Failure!;
            LogRefreshFailed(logger, provider, connectionId, refreshFailure.Kind);
            if (refreshFailure.Kind == ProviderFailureKind.ReconnectNeeded)
            {
                outcomeUnrecorded = false; // a refusal is an answer: nothing was issued
                var (answer, saved) = await RefusedAsync(db, connection, linker.DisplayName, refreshFailure, now);
                leaseCleared = saved;
                return answer;
            }

            if (refreshFailure.Kind == ProviderFailureKind.Transient && refreshFailure.RetryAfter is null)
            {
                // No answer, or one that does not prove the exchange was refused: it may have been processed.
                connection.RefreshOutcomeUnknown(now);
                leaseCleared = await SaveAndClearLeaseAsync(db, connection);
                LogOutcomeUnknown(logger, provider, connectionId);
            }

            outcomeUnrecorded = false;
            return refreshFailure;
        }
        finally
        {
            if (!leaseCleared)
            {
                await (outcomeUnrecorded ? ReleaseLeaseInDoubtAsync(db, connectionId, leaseUntil) : ReleaseLeaseAsync(db, connectionId, leaseUntil));
            }
        }
    }

    /// <summary>
    /// The provider refused the stored refresh token. Final, unless an exchange of that token may have been processed
    /// without our hearing the answer less than <see cref="InDoubtGrace"/> ago (see the class remarks). Answers whether the
    /// lease was cleared with a write.
    /// </summary>
    private async Task<(ProviderResult<ConnectionState> Answer, bool LeaseCleared)> RefusedAsync(
        ApplicationDbContext db, ProviderConnection connection, string displayName, ProviderFailure refusal, DateTimeOffset now)
    {
        if (connection.RefreshInDoubtSinceUtc is { } inDoubtSince && now - inDoubtSince < InDoubtGrace)
        {
            LogRefusedWhileInDoubt(logger, connection.Provider, connection.Id);
            return (Failure(
                connection.Provider,
                ProviderFailureKind.Transient,
                $"{displayName} did not renew the sign-in just now; InsightGig tries again shortly.",
                inDoubtSince + InDoubtGrace - now), false);
        }

        var answerLost = connection.RefreshInDoubtSinceUtc is not null;
        var reason = answerLost
            ? $"{displayName}'s answer to a sign-in renewal was lost on the way, and {displayName} no longer accepts the previous sign-in. Please link {displayName} again."
            : refusal.Message;
        connection.MarkReconnectNeeded(reason);
        if (!await SaveAndClearLeaseAsync(db, connection))
        {
            // The row changed meanwhile: a worker that went silent may have stored the new pair after all.
            return (await AfterLostWriteAsync(db, connection.Id, connection.Provider), false);
        }

        LogMarkedReconnectNeeded(logger, connection.Provider, connection.Id, answerLost ? "the provider refused the refresh token after a lost answer" : "the provider refused the refresh token");
        return (Failure(connection.Provider, ProviderFailureKind.ReconnectNeeded, reason), true);
    }

    /// <summary>
    /// Saves tokens the provider has just issued (and perhaps rotated: the stored refresh token may be dead already), trying
    /// again after a failed write: a passing database failure must not lose the only copy of the new pair. Bounded so that
    /// it ends inside the lease; if every try fails, the caller releases the lease in doubt (or it runs out).
    /// </summary>
    private static async Task<bool> SaveIssuedTokensAsync(ApplicationDbContext db, ProviderConnection connection)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SaveAndClearLeaseAsync(db, connection);
            }
            catch (Exception e) when (attempt < IssuedTokensSaveAttempts && e is not OperationCanceledException)
            {
                // Nothing was accepted: the tracked changes are still pending, and the next try sends them again.
                await Task.Delay(TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt - 1)), CancellationToken.None);
            }
        }
    }

    /// <summary>Saves the connection and clears the lease in one write; false when the row changed meanwhile (relinked, disconnected).</summary>
    private static async Task<bool> SaveAndClearLeaseAsync(ApplicationDbContext db, ProviderConnection connection)
    {
        db.Entry(connection).Property<DateTimeOffset?>(Lease).CurrentValue = null;
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>The row changed under our lease (the person linked again or disconnected): its state now is the answer.</summary>
    private async Task<ProviderResult<ConnectionState>> AfterLostWriteAsync(ApplicationDbContext db, Guid connectionId, string provider)
    {
        var state = await ReadAsync(db, c => c.Id == connectionId, CancellationToken.None);
        if (Unusable(state, provider) is { } failure)
        {
            return failure;
        }

        return TokenOf(state!).IsSuccess
            ? ProviderResult<ConnectionState>.Ok(state!)
            : Failure(provider, ProviderFailureKind.Transient, $"{DisplayName(provider)} sign-in changed while it was being renewed; please try again.");
    }

    private async Task<DateTimeOffset?> TryTakeLeaseAsync(ApplicationDbContext db, Guid connectionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now + LeaseDuration;
        // Taking over an expired lease: its holder went silent, perhaps after the provider processed its exchange.
        var taken = await db.ProviderConnections
            .Where(c => c.Id == connectionId
                && (EF.Property<DateTimeOffset?>(c, Lease) == null || EF.Property<DateTimeOffset?>(c, Lease) < now))
            .ExecuteUpdateAsync(
                s => s
                    .SetProperty(c => EF.Property<DateTimeOffset?>(c, Lease), until)
                    .SetProperty(
                        c => c.RefreshInDoubtSinceUtc,
                        c => EF.Property<DateTimeOffset?>(c, Lease) == null ? c.RefreshInDoubtSinceUtc : (c.RefreshInDoubtSinceUtc ?? now)),
                cancellationToken);
        return taken == 1 ? until : null;
    }

    /// <summary>Clears our lease and marks the refresh in doubt (an exchange was sent and its outcome not recorded).</summary>
    private async Task ReleaseLeaseInDoubtAsync(ApplicationDbContext db, Guid connectionId, DateTimeOffset leaseUntil)
    {
        var now = time.GetUtcNow();
        await db.ProviderConnections
            .Where(c => c.Id == connectionId && EF.Property<DateTimeOffset?>(c, Lease) == leaseUntil)
            .ExecuteUpdateAsync(
                s => s
                    .SetProperty(c => EF.Property<DateTimeOffset?>(c, Lease), (DateTimeOffset?)null)
                    .SetProperty(c => c.RefreshInDoubtSinceUtc, c => c.RefreshInDoubtSinceUtc ?? now),
                CancellationToken.None);
    }

    /// <summary>Clears our lease (only ours: an expired one may have been taken over).</summary>
    private static async Task ReleaseLeaseAsync(ApplicationDbContext db, Guid connectionId, DateTimeOffset leaseUntil) =>
        await db.ProviderConnections
            .Where(c => c.Id == connectionId && EF.Property<DateTimeOffset?>(c, Lease) == leaseUntil)
            .ExecuteUpdateAsync(s => s.SetProperty(c => EF.Property<DateTimeOffset?>(c, Lease), (DateTimeOffset?)null), CancellationToken.None);

    private static async Task<ConnectionState?> ReadAsync(
        ApplicationDbContext db, System.Linq.Expressions.Expression<Func<ProviderConnection, bool>> which, CancellationToken cancellationToken) =>
        await Project(db.ProviderConnections.AsNoTracking().Where(which)).FirstOrDefaultAsync(cancellationToken);

    private static IQueryable<ConnectionState> Project(IQueryable<ProviderConnection> connections) =>
        connections.Select(c => new ConnectionState(
            c.Id,
            c.PersonId,
            c.Provider,
            c.AccountEmail,
            c.Status,
            c.ProtectedAccessToken,
            c.AccessTokenExpiresAtUtc,
            c.Version,
            EF.Property<DateTimeOffset?>(c, Lease)));

    /// <summary>
    /// <see cref="Project"/> without the refresh lease (null), which only the wait for another worker's refresh reads: EF Core
    /// looks over <c>EF.Property</c>'s parameters by reflection each time it runs a query that calls it, and this is the read
    /// of every provider call (0.5 % of "Create meeting"'s CPU, docs/performance.md).
    /// </summary>
    private static IQueryable<ConnectionState> ProjectForUse(IQueryable<ProviderConnection> connections) =>
        connections.Select(c => new ConnectionState(
            c.Id,
            c.PersonId,
            c.Provider,
            c.AccountEmail,
            c.Status,
            c.ProtectedAccessToken,
            c.AccessTokenExpiresAtUtc,
            c.Version,
            null));

    private ProviderFailure? Unusable(ConnectionState? state, string provider) => state?.Status switch
    {
        null or ConnectionStatus.Disconnected =>
            new ProviderFailure(provider, ProviderFailureKind.NotConnected, $"Link your {DisplayName(provider)} account first."),
        ConnectionStatus.ReconnectNeeded =>
            new ProviderFailure(provider, ProviderFailureKind.ReconnectNeeded, $"Your {DisplayName(provider)} account needs to be linked again."),
        _ => null,
    };

    /// <summary>The clear access token when it is good for longer than <paramref name="margin"/>.</summary>
    private string? UsableToken(ConnectionState state, TimeSpan margin) =>
        state.Status == ConnectionStatus.Active && state.ProtectedAccessToken is { } token && !ExpiresWithin(state, margin)
            ? protector.Unprotect(token)
            : null;

    private ProviderResult<string> TokenOf(ConnectionState state) =>
        UsableToken(state, TimeSpan.Zero) is { } token
            ? ProviderResult<string>.Ok(token)
            : Failure(state.Provider, ProviderFailureKind.Transient, $"{DisplayName(state.Provider)} sign-in could not be read; please try again.");

    private bool ExpiresWithin(ConnectionState state, TimeSpan window) =>
        state.AccessTokenExpiresAtUtc is not { } expires || expires - time.GetUtcNow() <= window;

    private string DisplayName(string provider) =>
        linkers.FirstOrDefault(l => string.Equals(l.Provider, provider, StringComparison.Ordinal))?.DisplayName ?? provider;

    private static ProviderFailure Failure(string provider, ProviderFailureKind kind, string message, TimeSpan? retryAfter = null) =>
        new(provider, kind, message, retryAfter);

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Renewed {Provider} tokens of connection {ConnectionId}")]
    private static partial void LogRefreshed(ILogger logger, string provider, Guid connectionId);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Renewing {Provider} tokens of connection {ConnectionId} failed: {Kind}")]
    private static partial void LogRefreshFailed(ILogger logger, string provider, Guid connectionId, ProviderFailureKind kind);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "{Provider} connection {ConnectionId} needs the person to link again: {Reason}")]
    private static partial void LogMarkedReconnectNeeded(ILogger logger, string provider, Guid connectionId, string reason);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "Renewing {Provider} tokens of connection {ConnectionId} got no conclusive answer; the exchange may have been processed")]
    private static partial void LogOutcomeUnknown(ILogger logger, string provider, Guid connectionId);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "{Provider} refused the refresh token of connection {ConnectionId} after an exchange with an unknown outcome; not final yet")]
    private static partial void LogRefusedWhileInDoubt(ILogger logger, string provider, Guid connectionId);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Gave up waiting for another worker to renew {Provider} tokens of connection {ConnectionId}")]
    private static partial void LogWaitTimedOut(ILogger logger, string provider, Guid connectionId);

    /// <summary>What the guard reads of a connection row (no tracking).</summary>
    internal sealed record ConnectionState(
        Guid Id,
        Guid PersonId,
        string Provider,
        string AccountEmail,
        ConnectionStatus Status,
        string? ProtectedAccessToken,
        DateTimeOffset? AccessTokenExpiresAtUtc,
        int Version,
        DateTimeOffset? LeaseUntilUtc)
    {
        public static ConnectionState Of(ProviderConnection connection, DateTimeOffset? leaseUntil) => new(
            connection.Id,
            connection.PersonId,
            connection.Provider,
            connection.AccountEmail,
            connection.Status,
            connection.ProtectedAccessToken,
            connection.AccessTokenExpiresAtUtc,
            connection.Version,
            leaseUntil);
    }
}
