using System.Globalization;

namespace InsightGig.Benchmarks;

/// <summary>The options the calendar-sync, find-time and floor commands read: <c>--name value</c> pairs, and the PostgreSQL server.</summary>
internal static class CommandArgs
{
    /// <summary>The value after <paramref name="name"/>, or null when the option is not given.</summary>
    public static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>The whole number after <paramref name="name"/>, or <paramref name="fallback"/> when the option is not given.</summary>
    public static int Int(string[] args, string name, int fallback) =>
        Value(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The connection string (no database) of the PostgreSQL server the benchmark makes its databases on.</summary>
    public static string Postgres() =>
        Environment.GetEnvironmentVariable("INSIGHTGIG_BENCH_POSTGRES")
        ?? throw new InvalidOperationException("Set INSIGHTGIG_BENCH_POSTGRES (./build/postgres.sh prints it).");
}
