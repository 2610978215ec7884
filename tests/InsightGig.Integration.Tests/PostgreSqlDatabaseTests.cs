using InsightGig.Domain.Directory;
using InsightGig.Domain.Integrations;
using InsightGig.Infrastructure.Identity;
using InsightGig.Infrastructure.Persistence.Seeding;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InsightGig.Integration.Tests;

/// <summary>Migrations, the demo seed and the database's own rules on a real PostgreSQL; every test starts from an empty, migrated database (Respawn).</summary>
public sealed class PostgreSqlDatabaseTests(PostgreSqlFixture fixture) : IClassFixture<PostgreSqlFixture>, IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await fixture.Database.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Every_migration_is_applied_to_a_fresh_database()
    {
        await using var db = fixture.Database.CreateDbContext();

        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_apps_connections_run_with_jit_off_set_on_the_database_by_the_migrations()
    {
        // The server's default is on (build/postgres.sh does not change it): the SyncState migration turns it off for this
        // database, so every session the app opens has it off, whatever pooler sits between them.
        var ct = TestContext.Current.CancellationToken;
        var jit = await fixture.App.WithDbContextAsync(db => db.Database.SqlQueryRaw<string>("SELECT current_setting('jit') AS \"Value\"").SingleAsync(ct));
        Assert.Equal("off", jit);

        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            "SELECT array_to_string(s.setconfig, ',') FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = current_database() AND s.setrole = 0",
            connection);
        Assert.Equal("jit=off", await command.ExecuteScalarAsync(ct));
    }

    [Fact]
    public async Task The_main_tables_exist()
    {
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection);
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Superset(
            new HashSet<string>(["__EFMigrationsHistory", "Organisations", "People", "Experts", "Briefs", "Projects", "ProjectCollaborators", "Meetings",
                "MeetingParticipants", "ProviderConnections", "AspNetUsers", "AspNetRoles", "AspNetUserRoles", "DataProtectionKeys"]),
            tables.ToHashSet());
    }

    [Fact]
    public async Task The_demo_seed_creates_the_demo_world()
    {
        await fixture.App.SeedDemoDataAsync(TestContext.Current.CancellationToken);

        await using var db = fixture.Database.CreateDbContext();
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(3, await db.Organisations.CountAsync(ct));
        Assert.Equal(10, await db.People.CountAsync(ct));
        Assert.Equal(5, await db.Experts.CountAsync(ct));
        Assert.Equal(3, await db.Projects.CountAsync(ct));
        Assert.Equal(2, await db.Briefs.CountAsync(ct));
        Assert.Equal(10, await db.Users.CountAsync(ct));
        Assert.Equal(Roles.All.Order(), (await db.Roles.Select(r => r.Name!).ToListAsync(ct)).Order());

        var clients = await db.People.Where(p => p.Kind == PersonKind.Client).Select(p => p.OrganisationId).ToListAsync(ct);
        Assert.Equal(4, clients.Count);
        Assert.All(clients, organisation => Assert.NotNull(organisation));

        var adminRoles = await (
                from userRole in db.UserRoles
                join role in db.Roles on userRole.RoleId equals role.Id
                where userRole.UserId == DemoData.Admin.Id
                select role.Name)
            .ToListAsync(ct);
        Assert.Equal([Roles.Admin], adminRoles);

        var erin = await db.Experts.SingleAsync(e => e.Id == DemoData.Erin.Id, ct);
        Assert.Equal(["Lithium", "Cobalt", "Supply chain"], erin.Expertise);
        var project = await db.Projects.SingleAsync(p => p.Id == DemoData.NorthwindProjectId, ct);
        Assert.Equal(5, project.Collaborators.Count);
    }

    [Fact]
    public async Task Seeding_twice_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await fixture.App.SeedDemoDataAsync(ct);
        await fixture.App.SeedDemoDataAsync(ct);

        await using var db = fixture.Database.CreateDbContext();
        Assert.Equal(10, await db.People.CountAsync(ct));
        Assert.Equal(10, await db.Users.CountAsync(ct));
        Assert.Equal(3, await db.Roles.CountAsync(ct));
        Assert.Equal(3, await db.Projects.CountAsync(ct));
    }

    [Fact]
    public async Task The_seed_leaves_a_database_with_real_organisations_alone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = fixture.Database.CreateDbContext())
        {
            db.Organisations.Add(new Organisation(Guid.NewGuid(), "A real customer"));
            await db.SaveChangesAsync(ct);
        }

        await fixture.App.SeedDemoDataAsync(ct);

        await using var check = fixture.Database.CreateDbContext();
        Assert.Equal(["A real customer"], await check.Organisations.Select(o => o.Name).ToListAsync(ct));
        Assert.Equal(0, await check.People.CountAsync(ct));
        Assert.Equal(0, await check.Users.CountAsync(ct));
    }

    [Fact]
    public async Task Respawn_empties_the_data_but_keeps_the_schema_and_its_history()
    {
        var ct = TestContext.Current.CancellationToken;
        await fixture.App.SeedDemoDataAsync(ct);

        await fixture.Database.ResetAsync();

        await using var db = fixture.Database.CreateDbContext();
        Assert.Equal(0, await db.People.CountAsync(ct));
        Assert.Equal(0, await db.Users.CountAsync(ct));
        Assert.Equal(0, await db.Roles.CountAsync(ct));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
    }

    [Fact]
    public async Task Two_people_cannot_share_an_email()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = fixture.Database.CreateDbContext();
        db.People.Add(new Person(Guid.NewGuid(), PersonKind.Expert, "First", "same@experts.example", "UTC", null));
        await db.SaveChangesAsync(ct);

        await using var other = fixture.Database.CreateDbContext();
        other.People.Add(new Person(Guid.NewGuid(), PersonKind.Expert, "Second", "same@experts.example", "UTC", null));
        var ex = await Assert.ThrowsAsync<DbUpdateException>(() => other.SaveChangesAsync(ct));

        var postgres = Assert.IsType<PostgresException>(ex.InnerException);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, postgres.SqlState);
        Assert.Equal("IX_People_Email", postgres.ConstraintName);
    }

    [Fact]
    public async Task A_person_has_at_most_one_connection_per_provider()
    {
        var ct = TestContext.Current.CancellationToken;
        var person = new Person(Guid.NewGuid(), PersonKind.Expert, "Linked", "linked@experts.example", "UTC", null);
        var tokens = new ProtectedTokens("access", "refresh", DateTimeOffset.UtcNow.AddHours(1), "meeting:write");
        await using (var db = fixture.Database.CreateDbContext())
        {
            db.People.Add(person);
            db.ProviderConnections.Add(ProviderConnection.Connect(Guid.NewGuid(), person.Id, "zoom", new ProviderAccount("z1", "linked@experts.example"), tokens, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync(ct);
        }

        await using var other = fixture.Database.CreateDbContext();
        other.ProviderConnections.Add(ProviderConnection.Connect(Guid.NewGuid(), person.Id, "zoom", new ProviderAccount("z2", "linked@experts.example"), tokens, DateTimeOffset.UtcNow));
        var ex = await Assert.ThrowsAsync<DbUpdateException>(() => other.SaveChangesAsync(ct));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(ex.InnerException).SqlState);
    }

    [Fact]
    public async Task A_stale_connection_update_loses_to_the_first_one()
    {
        // ProviderConnection.Version is the concurrency token: two refreshes of the same row cannot both win.
        var ct = TestContext.Current.CancellationToken;
        var person = new Person(Guid.NewGuid(), PersonKind.Expert, "Racer", "racer@experts.example", "UTC", null);
        var connectionId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await using (var db = fixture.Database.CreateDbContext())
        {
            db.People.Add(person);
            db.ProviderConnections.Add(ProviderConnection.Connect(connectionId, person.Id, "zoom", new ProviderAccount("z1", "racer@experts.example"),
                new ProtectedTokens("a1", "r1", now.AddHours(1), null), now));
            await db.SaveChangesAsync(ct);
        }

        await using var first = fixture.Database.CreateDbContext();
        await using var second = fixture.Database.CreateDbContext();
        var mine = await first.ProviderConnections.SingleAsync(c => c.Id == connectionId, ct);
        var theirs = await second.ProviderConnections.SingleAsync(c => c.Id == connectionId, ct);
        mine.Refreshed(new ProtectedTokens("a2", "r2", now.AddHours(2), null), now);
        theirs.Refreshed(new ProtectedTokens("a3", "r3", now.AddHours(2), null), now);

        await first.SaveChangesAsync(ct);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(ct));
    }
}
