using InsightGig.Infrastructure.Persistence;
using InsightGig.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace InsightGig.Web.Tests;

/// <summary>The factory gives each test class the app it claims: Development, on a SQLite file of its own.</summary>
public sealed class FactoryTests(InsightGigWebFactory factory) : IClassFixture<InsightGigWebFactory>
{
    [Fact]
    public void The_app_runs_in_development_on_its_own_sqlite_file()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();

        Assert.True(scope.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment());
        Assert.IsType<SqliteApplicationDbContext>(db);
        var connectionString = db.Database.GetConnectionString()!;
        Assert.Contains(Path.Combine(Path.GetTempPath(), "insightgig-tests"), connectionString, StringComparison.Ordinal);
        Assert.DoesNotContain("App_Data", connectionString, StringComparison.Ordinal);
    }
}
