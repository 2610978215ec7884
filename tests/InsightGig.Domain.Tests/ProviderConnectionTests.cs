using InsightGig.Domain.Integrations;

namespace InsightGig.Domain.Tests;

public sealed class ProviderConnectionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly ProviderAccount Account = new("zoom-user-1", "clara@northwind.example");

    private static ProtectedTokens Tokens(string access, string? refresh, string? scopes = "meeting:write") =>
        new(access, refresh, Now.AddHours(1), scopes);

    private static ProviderConnection Connect() =>
        ProviderConnection.Connect(Guid.NewGuid(), Guid.NewGuid(), "zoom", Account, Tokens("access-1", "refresh-1"), Now);

    [Fact]
    public void Connecting_makes_an_active_connection_with_the_tokens()
    {
        var connection = Connect();

        Assert.Equal(ConnectionStatus.Active, connection.Status);
        Assert.Equal("zoom", connection.Provider);
        Assert.Equal("zoom-user-1", connection.ExternalAccountId);
        Assert.Equal("clara@northwind.example", connection.AccountEmail);
        Assert.Equal("access-1", connection.ProtectedAccessToken);
        Assert.Equal("refresh-1", connection.ProtectedRefreshToken);
        Assert.Equal(Now.AddHours(1), connection.AccessTokenExpiresAtUtc);
        Assert.Equal("meeting:write", connection.Scopes);
        Assert.Equal(Now, connection.ConnectedAtUtc);
        Assert.True(connection.IsUsable);
        Assert.Equal(1, connection.Version);
    }

    [Fact]
    public void Connecting_needs_a_person_a_provider_an_account_and_an_access_token()
    {
        Assert.Throws<ArgumentException>(() => ProviderConnection.Connect(Guid.NewGuid(), Guid.Empty, "zoom", Account, Tokens("a", "r"), Now));
        Assert.Throws<ArgumentException>(() => ProviderConnection.Connect(Guid.NewGuid(), Guid.NewGuid(), " ", Account, Tokens("a", "r"), Now));
        Assert.Throws<ArgumentException>(() => ProviderConnection.Connect(Guid.NewGuid(), Guid.NewGuid(), "zoom", new("", "a@b.example"), Tokens("a", "r"), Now));
        Assert.Throws<ArgumentException>(() => ProviderConnection.Connect(Guid.NewGuid(), Guid.NewGuid(), "zoom", new("id", "not-an-email"), Tokens("a", "r"), Now));
        Assert.Throws<ArgumentException>(() => ProviderConnection.Connect(Guid.NewGuid(), Guid.NewGuid(), "zoom", Account, Tokens(" ", "r"), Now));
    }

    [Fact]
    public void A_refresh_without_a_new_refresh_token_keeps_the_old_one()
    {
        var connection = Connect();

        connection.Refreshed(Tokens("access-2", null, scopes: null), Now.AddMinutes(55));

        Assert.Equal("access-2", connection.ProtectedAccessToken);
        Assert.Equal("refresh-1", connection.ProtectedRefreshToken);
        Assert.Equal("meeting:write", connection.Scopes);
        Assert.Equal(Now.AddMinutes(55), connection.LastRefreshedAtUtc);
        Assert.Equal(2, connection.Version);
    }

    [Fact]
    public void A_refresh_with_a_rotated_refresh_token_replaces_it()
    {
        var connection = Connect();

        connection.Refreshed(Tokens("access-2", "refresh-2", scopes: " meeting:write user:read "), Now.AddMinutes(55));

        Assert.Equal("refresh-2", connection.ProtectedRefreshToken);
        Assert.Equal("meeting:write user:read", connection.Scopes);
        Assert.Equal(2, connection.Version);
    }

    [Fact]
    public void Marking_reconnect_needed_clears_the_tokens()
    {
        var connection = Connect();

        connection.MarkReconnectNeeded("invalid_grant");

        Assert.Equal(ConnectionStatus.ReconnectNeeded, connection.Status);
        Assert.Equal("invalid_grant", connection.LastError);
        Assert.Null(connection.ProtectedAccessToken);
        Assert.Null(connection.ProtectedRefreshToken);
        Assert.Null(connection.AccessTokenExpiresAtUtc);
        Assert.False(connection.IsUsable);
        Assert.Equal(2, connection.Version);
        Assert.Throws<InvalidOperationException>(() => connection.Refreshed(Tokens("access-2", "refresh-2"), Now));
    }

    [Fact]
    public void Disconnecting_clears_the_tokens_and_keeps_the_history()
    {
        var connection = Connect();

        connection.Disconnect(Now.AddDays(2));

        Assert.Equal(ConnectionStatus.Disconnected, connection.Status);
        Assert.Equal(Now.AddDays(2), connection.DisconnectedAtUtc);
        Assert.Null(connection.ProtectedAccessToken);
        Assert.Null(connection.ProtectedRefreshToken);
        Assert.Equal("zoom-user-1", connection.ExternalAccountId);
        Assert.False(connection.IsUsable);
        Assert.Equal(2, connection.Version);
        Assert.Throws<InvalidOperationException>(() => connection.Refreshed(Tokens("access-2", null), Now));
    }

    [Fact]
    public void A_disconnected_connection_stays_disconnected_when_marked_reconnect_needed()
    {
        var connection = Connect();
        connection.Disconnect(Now);
        var version = connection.Version;

        connection.MarkReconnectNeeded("invalid_grant");

        Assert.Equal(ConnectionStatus.Disconnected, connection.Status);
        Assert.Equal(version, connection.Version);
    }

    [Fact]
    public void Relinking_after_reconnect_needed_makes_it_active_again()
    {
        var connection = Connect();
        connection.MarkReconnectNeeded("invalid_grant");

        connection.Relink(new ProviderAccount("zoom-user-1", "clara.new@northwind.example"), Tokens("access-3", "refresh-3"), Now.AddDays(1));

        Assert.Equal(ConnectionStatus.Active, connection.Status);
        Assert.Null(connection.LastError);
        Assert.Null(connection.DisconnectedAtUtc);
        Assert.Null(connection.LastRefreshedAtUtc);
        Assert.Equal("clara.new@northwind.example", connection.AccountEmail);
        Assert.Equal("refresh-3", connection.ProtectedRefreshToken);
        Assert.Equal(Now.AddDays(1), connection.ConnectedAtUtc);
        Assert.True(connection.IsUsable);
    }

    [Fact]
    public void Every_token_change_raises_the_version()
    {
        var connection = Connect();
        var versions = new List<int> { connection.Version };

        connection.Refreshed(Tokens("a2", null), Now);
        versions.Add(connection.Version);
        connection.Refreshed(Tokens("a3", "r3"), Now);
        versions.Add(connection.Version);
        connection.MarkReconnectNeeded("revoked");
        versions.Add(connection.Version);
        connection.Relink(Account, Tokens("a4", "r4"), Now);
        versions.Add(connection.Version);
        connection.Disconnect(Now);
        versions.Add(connection.Version);

        Assert.Equal([1, 2, 3, 4, 5, 6], versions);
    }

    [Fact]
    public void The_access_token_expires_within_a_window_or_when_its_expiry_is_unknown()
    {
        var connection = Connect();

        Assert.False(connection.AccessTokenExpiresWithin(TimeSpan.FromMinutes(5), Now));
        Assert.True(connection.AccessTokenExpiresWithin(TimeSpan.FromMinutes(5), Now.AddMinutes(56)));
        Assert.True(connection.AccessTokenExpiresWithin(TimeSpan.FromMinutes(5), Now.AddHours(2)));

        connection.MarkReconnectNeeded("revoked");
        Assert.True(connection.AccessTokenExpiresWithin(TimeSpan.FromMinutes(5), Now));
    }
}
