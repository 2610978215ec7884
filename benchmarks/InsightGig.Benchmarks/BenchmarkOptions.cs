using System.Globalization;

namespace InsightGig.Benchmarks;

/// <summary>Command-line options of the token refresh benchmark.</summary>
internal sealed record BenchmarkOptions
{
    public const string PostgresVariable = "INSIGHTGIG_BENCH_POSTGRES";

    public int Connections { get; init; } = 10_000;

    public int LatencyMs { get; init; } = 50;

    /// <summary>Hangfire workers of the one app instance.</summary>
    public int Workers { get; init; } = 20;

    /// <summary>Concurrent refreshes of the direct run.</summary>
    public int Parallelism { get; init; } = 64;

    /// <summary>"both", "hangfire" or "direct".</summary>
    public string Mode { get; init; } = "both";

    /// <summary>The whole run (seeding, both paths, clean-up) is cancelled after this.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>A PostgreSQL server connection string without a database (the benchmark creates and drops its own).</summary>
    public string Postgres { get; init; } = string.Empty;

    public bool RunHangfire => Mode is "both" or "hangfire";

    public bool RunDirect => Mode is "both" or "direct";

    public const string Usage =
        "Usage: InsightGig.Benchmarks [--connections N] [--latency-ms M] [--workers W] [--parallelism P] [--mode both|hangfire|direct] [--timeout-seconds S]\n" +
        $"PostgreSQL: set {PostgresVariable} to a server connection string without a database (./build/bench-token-refresh.sh does).";

    private static string ParseMode(string value) =>
        value is "both" or "hangfire" or "direct" ? value : throw new FormatException("--mode is both, hangfire or direct.");

    /// <summary>Parses the arguments; null (after printing why) when they are wrong.</summary>
    public static BenchmarkOptions? Parse(string[] args, TextWriter error)
    {
        var options = new BenchmarkOptions { Postgres = Environment.GetEnvironmentVariable(PostgresVariable) ?? string.Empty };
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value.");
            int Number(int min, int max)
            {
                var name = args[i];
                var value = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
                return value >= min && value <= max ? value : throw new FormatException($"{name} must be between {min} and {max}.");
            }

            try
            {
                options = args[i] switch
                {
                    "--connections" => options with { Connections = Number(1, 1_000_000) },
                    "--latency-ms" => options with { LatencyMs = Number(0, 60_000) },
                    "--workers" => options with { Workers = Number(1, 200) },
                    "--parallelism" => options with { Parallelism = Number(1, 150) },
                    "--mode" => options with { Mode = ParseMode(Value()) },
                    "--timeout-seconds" => options with { Timeout = TimeSpan.FromSeconds(Number(10, 24 * 3600)) },
                    "--help" or "-h" => throw new FormatException(string.Empty),
                    _ => throw new FormatException($"Unknown argument {args[i]}."),
                };
            }
            catch (FormatException exception)
            {
                if (exception.Message.Length > 0)
                {
                    error.WriteLine(exception.Message);
                }

                error.WriteLine(Usage);
                return null;
            }
        }

        if (string.IsNullOrWhiteSpace(options.Postgres))
        {
            error.WriteLine($"{PostgresVariable} is not set.");
            error.WriteLine(Usage);
            return null;
        }

        return options;
    }
}
