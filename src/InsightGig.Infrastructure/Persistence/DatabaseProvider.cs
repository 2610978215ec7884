namespace InsightGig.Infrastructure.Persistence;

/// <summary>Which database the app runs on (<c>Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}
