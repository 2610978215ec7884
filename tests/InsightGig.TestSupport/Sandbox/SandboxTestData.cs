using System.Data.Common;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using InsightGig.Application.Integrations.Ports;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Persistence;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.ProviderSandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.TestSupport.Sandbox;

/// <summary>Test data around the provider sandbox, on the app's own services (its DbContext and token protector).</summary>
public static class SandboxTestData
{
    /// <summary>
    /// Forgets what linking and scheduling left behind (meetings, undos owed, connections, link attempts, notifications) in the app's database and
    /// everything the sandbox holds; the demo directory stays. Lets the tests of a class share one app and one sandbox.
    /// </summary>
    public static async Task ResetAsync(IServiceProvider services, ProviderSandboxState sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        sandbox.Reset();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        foreach (var table in new[] { "Notifications", "ReminderOptOuts", "ProviderUndos", "MeetingParticipants", "Meetings", "CalendarSyncStates", "ProviderConnections", "AccountLinkAttempts" })
        {
#pragma warning disable EF1002 // Table names are constants of this method, not input.
            await db.Database.ExecuteSqlRawAsync($"DELETE FROM \"{table}\"");
#pragma warning restore EF1002
        }

        // A test may have changed someone's time zone, working hours or answer emails on the Profile page.
        foreach (var person in await db.People.ToListAsync())
        {
            if (DemoData.Accounts.FirstOrDefault(a => a.Id == person.Id) is { } account)
            {
                person.ChangeTimeZone(account.TimeZoneId);
                person.ChangeWorkingHours(account.WorkingHours);
                person.ChooseAnswerEmails(true);
            }
        }

        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Links <paramref name="personId"/> to <paramref name="provider"/> with tokens the sandbox issued for
    /// <paramref name="accountEmail"/> (as if the person had gone through consent), stored encrypted as the app stores them.
    /// </summary>
    /// <param name="scopes">Granted scopes; the sandbox's defaults (Zoom meetings and user, Google identity and calendar) when null.</param>
    public static async Task<SandboxIssuedTokens> ConnectAsync(
        IServiceProvider services, ProviderSandboxState sandbox, Guid personId, string accountEmail, SandboxProvider provider, IEnumerable<string>? scopes = null)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var issued = sandbox.IssueTokens(provider, accountEmail, scopes);
        await using var scope = services.CreateAsyncScope();
        var protector = scope.ServiceProvider.GetRequiredService<ITokenProtector>();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var now = DateTimeOffset.UtcNow;
        db.ProviderConnections.Add(ProviderConnection.Connect(
            Guid.NewGuid(),
            personId,
            provider.Path, // each sandbox part is mounted under its unit's provider key
            new ProviderAccount(issued.AccountId, accountEmail),
            new ProtectedTokens(protector.Protect(issued.AccessToken), protector.Protect(issued.RefreshToken!), now.AddSeconds(issued.ExpiresIn), issued.Scope),
            now));
        await db.SaveChangesAsync();
        return issued;
    }

    /// <summary>
    /// An event <paramref name="email"/> puts in their own sandbox Google Calendar, through the sandbox's Calendar API as
    /// any client would (for busy time that InsightGig did not make).
    /// </summary>
    /// <param name="sandboxRoot">Where the sandbox's parts are mounted (ends with "/": <c>google/...</c> below it).</param>
    public static async Task AddOwnCalendarEventAsync(Uri sandboxRoot, ProviderSandboxState sandbox, string email, string summary, DateTimeOffset start, DateTimeOffset end)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var token = sandbox.IssueTokens(SandboxProvider.Google, email).AccessToken;
        using var client = new HttpClient { BaseAddress = sandboxRoot };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        static string Text(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        using var response = await client.PostAsJsonAsync(new Uri("google/calendar/v3/calendars/primary/events", UriKind.Relative),
            new { summary, start = new { dateTime = Text(start) }, end = new { dateTime = Text(end) } });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The person's connection to <paramref name="provider"/> ("zoom", "google") as stored now, or null.</summary>
    public static async Task<ProviderConnection?> ConnectionAsync(IServiceProvider services, Guid personId, string provider)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return await db.ProviderConnections.AsNoTracking().SingleOrDefaultAsync(c => c.PersonId == personId && c.Provider == provider);
    }

    /// <summary>The clear access and refresh tokens of every stored connection, decrypted with the app's own key ring.</summary>
    public static async Task<IReadOnlyList<string>> ClearTokensAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var protector = scope.ServiceProvider.GetRequiredService<ITokenProtector>();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var stored = await db.ProviderConnections.AsNoTracking().Select(c => new { c.ProtectedAccessToken, c.ProtectedRefreshToken }).ToListAsync();
        return [.. stored.SelectMany(c => new[] { c.ProtectedAccessToken, c.ProtectedRefreshToken })
            .OfType<string>()
            .Select(value => protector.Unprotect(value) ?? throw new InvalidOperationException("A stored token cannot be decrypted with the app's key ring."))];
    }

    /// <summary>
    /// Every row of <paramref name="table"/> as the database holds it, each column rendered as text, read with plain ADO.NET
    /// on the app's connection (no EF Core value conversion in between).
    /// </summary>
    public static async Task<IReadOnlyList<IReadOnlyDictionary<string, string?>>> RawRowsAsync(IServiceProvider services, string table)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            await using DbCommand command = connection.CreateCommand();
#pragma warning disable CA2100 // The table name comes from the test, not from input.
            command.CommandText = $"SELECT * FROM \"{table}\"";
#pragma warning restore CA2100
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<IReadOnlyDictionary<string, string?>>();
            while (await reader.ReadAsync())
            {
                var row = new Dictionary<string, string?>(StringComparer.Ordinal);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = await reader.IsDBNullAsync(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
                }

                rows.Add(row);
            }

            return rows;
        }
        finally
        {
            await connection.CloseAsync();
        }
    }
}
