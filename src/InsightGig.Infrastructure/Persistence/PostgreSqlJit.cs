namespace InsightGig.Infrastructure.Persistence;

/// <summary>
/// PostgreSQL's JIT off for the app's database (run by the SyncState migration). JIT compiles a plan to machine code when
/// its estimated cost is high, which pays off for long analytical queries; the app's are short, and paid 0.2-1.8 s of
/// compiling each. Set on the database, so every new session has it, also through PgBouncer in transaction mode (which
/// refuses a connection string's <c>Options=-c jit=off</c>). Needs the database's owner; another role gets a warning and
/// the migration goes on (then the operator runs <c>ALTER DATABASE … SET jit = off</c> or <c>ALTER ROLE … SET jit = off</c>).
/// </summary>
internal static class PostgreSqlJit
{
    public const string TurnOffSql = """
        DO $$
        BEGIN
            EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE WARNING 'jit stays on for database %: only its owner may set it (run ALTER DATABASE ... SET jit = off, or ALTER ROLE ... SET jit = off for the app''s role)', current_database();
        END
        $$;
        """;

    public const string ResetSql = """
        DO $$
        BEGIN
            EXECUTE format('ALTER DATABASE %I RESET jit', current_database());
        EXCEPTION WHEN insufficient_privilege THEN
            NULL;
        END
        $$;
        """;
}
