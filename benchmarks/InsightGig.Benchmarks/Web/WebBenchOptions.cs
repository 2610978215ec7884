using System.Globalization;

namespace InsightGig.Benchmarks.Web;

/// <summary>Options of the <c>web</c> and <c>load</c> commands.</summary>
internal sealed record WebBenchOptions
{
    /// <summary>The published app (a folder holding InsightGig.Web.dll).</summary>
    public string App { get; init; } = string.Empty;

    /// <summary>Where logs, the certificate and the results go.</summary>
    public string Output { get; init; } = Path.Combine(Path.GetTempPath(), "insightgig-bench");

    public string Wrk { get; init; } = "wrk";

    public string Postgres { get; init; } = string.Empty;

    /// <summary>Measured runs of each benchmark; the table shows their medians.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>Seconds of each wrk run.</summary>
    public int Seconds { get; init; } = 10;

    public int Connections { get; init; } = 32;

    public int Collaborators { get; init; } = 50;

    public int Meetings { get; init; } = 200;

    /// <summary>Meetings scheduled per run at 0 ms provider latency (at 50 ms: half as many).</summary>
    public int Schedules { get; init; } = 300;

    /// <summary>
    /// Meetings scheduled before the measured runs, so the figures are of a warmed-up instance: .NET's tiered JIT keeps
    /// recompiling the path (with profile-guided optimisation) for the first two to three thousand meetings.
    /// </summary>
    public int ScheduleWarmup { get; init; } = 3_000;

    /// <summary>Connections of the token refresh benchmark (0 skips it).</summary>
    public int TokenConnections { get; init; } = 2_000;

    /// <summary>Runs of the token refresh benchmark (each on a fresh database).</summary>
    public int TokenRuns { get; init; } = 3;

    public int ColdStarts { get; init; } = 3;

    /// <summary>Load run: virtual users and seconds.</summary>
    public int Users { get; init; } = 100;

    public int LoadSeconds { get; init; } = 60;

    /// <summary>Load run: inject provider failures during the run (so that the failure path is checked too).</summary>
    public bool Faults { get; init; } = true;

    /// <summary>What to run of the web benchmark: all, or a comma list of queries, page, schedule, token, coldstart.</summary>
    public string Only { get; init; } = "all";

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Extra environment of the app's process only (<c>--app-env KEY=VALUE</c>, repeatable): a runtime setting tried on the
    /// app is then not also tried on the benchmark's client and the sandbox, which run in this process.
    /// </summary>
    public IReadOnlyDictionary<string, string> AppEnvironment { get; init; } = new Dictionary<string, string>();

    /// <remarks><c>serve</c> (never part of "all") only seeds and starts the app and keeps it up for <c>--seconds</c>, for investigations by hand.</remarks>
    public bool Includes(string part) => (Only == "all" && part != "serve") || Only.Split(',').Contains(part, StringComparer.Ordinal);

    public const string Usage =
        "Usage: InsightGig.Benchmarks web|load --app DIR [--output DIR] [--wrk PATH] [--runs N] [--seconds S] [--connections C] " +
        "[--schedules N] [--schedule-warmup N] [--token-connections N] [--token-runs N] [--cold-starts N] [--users U] [--load-seconds S] [--no-faults] [--only queries,page,schedule,token,coldstart|serve] [--timeout-seconds S] [--app-env KEY=VALUE ...]\n" +
        $"PostgreSQL: set {BenchmarkOptions.PostgresVariable} to a server connection string without a database.";

    public static WebBenchOptions? Parse(string[] args, TextWriter error)
    {
        var options = new WebBenchOptions { Postgres = Environment.GetEnvironmentVariable(BenchmarkOptions.PostgresVariable) ?? string.Empty };
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
                    "--app" => options with { App = Path.GetFullPath(Value()) },
                    "--output" => options with { Output = Path.GetFullPath(Value()) },
                    "--wrk" => options with { Wrk = Value() },
                    "--runs" => options with { Runs = Number(1, 20) },
                    "--seconds" => options with { Seconds = Number(1, 3600) },
                    "--connections" => options with { Connections = Number(1, 1000) },
                    "--schedules" => options with { Schedules = Number(10, 10_000) },
                    "--schedule-warmup" => options with { ScheduleWarmup = Number(0, 100_000) },
                    "--token-connections" => options with { TokenConnections = Number(0, 100_000) },
                    "--token-runs" => options with { TokenRuns = Number(1, 20) },
                    "--cold-starts" => options with { ColdStarts = Number(0, 20) },
                    "--users" => options with { Users = Number(1, 1000) },
                    "--load-seconds" => options with { LoadSeconds = Number(5, 600) },
                    "--no-faults" => options with { Faults = false },
                    "--only" => options with { Only = Value() },
                    "--timeout-seconds" => options with { Timeout = TimeSpan.FromSeconds(Number(30, 24 * 3600)) },
                    "--app-env" => options with { AppEnvironment = WithVariable(options.AppEnvironment, Value()) },
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

        if (string.IsNullOrWhiteSpace(options.App) || string.IsNullOrWhiteSpace(options.Postgres))
        {
            error.WriteLine(string.IsNullOrWhiteSpace(options.App) ? "--app is required." : $"{BenchmarkOptions.PostgresVariable} is not set.");
            error.WriteLine(Usage);
            return null;
        }

        return options;
    }

    private static Dictionary<string, string> WithVariable(IReadOnlyDictionary<string, string> variables, string assignment)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new FormatException($"--app-env needs KEY=VALUE, not \"{assignment}\".");
        }

        var key = assignment[..equals];
        if (key.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || key.StartsWith("ConnectionStrings__", StringComparison.Ordinal))
        {
            throw new FormatException($"--app-env {key}: the benchmark sets the app's URLs, environment and database itself.");
        }

        return new Dictionary<string, string>(variables, StringComparer.Ordinal) { [key] = assignment[(equals + 1)..] };
    }
}
