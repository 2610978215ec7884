using System.Globalization;
using System.Text.Json;

namespace InsightGig.Benchmarks.Web;

/// <summary>
/// What the app's runtime did while one request was in its pipeline (the app's <c>X-Bench-Runtime</c> header, sent with
/// <c>Benchmarks:BareEndpoints</c>): the request's time there, and the process's collections, GC pause, allocations and
/// JIT compilations meanwhile; the thread pool's threads and queued work items when it came in.
/// </summary>
internal sealed record RequestRuntime(double ServerMs, int Gen0, int Gen1, int Gen2, double GcPauseMs, long Bytes, long JitMethods, int Threads, long Queued)
{
    public const string Header = "X-Bench-Runtime";

    /// <summary>The highest generation collected during the request (0–2), or -1 for none.</summary>
    public int HighestGeneration => Gen2 > 0 ? 2 : Gen1 > 0 ? 1 : Gen0 > 0 ? 0 : -1;

    public static RequestRuntime? Parse(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        var values = header.Split(';').Select(part => part.Split('=', 2)).Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => double.Parse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture), StringComparer.Ordinal);
        double Get(string key) => values.GetValueOrDefault(key);
        return new RequestRuntime(Get("ms"), (int)Get("gen0"), (int)Get("gen1"), (int)Get("gen2"), Get("pausems"), (long)Get("bytes"), (long)Get("jit"), (int)Get("threads"), (long)Get("queued"));
    }
}

/// <summary>The app's running totals (<c>GET /_bench/allocated</c>): bytes allocated, collections, GC pause, JIT compilations.</summary>
internal sealed record ProcessRuntime(long Bytes, int Gen0, int Gen1, int Gen2, double GcPauseMs, long JitMethods)
{
    public static async Task<ProcessRuntime> ReadAsync(WebSession session, CancellationToken ct)
    {
        using var document = JsonDocument.Parse(await session.GetPageAsync("/_bench/allocated", ct));
        var root = document.RootElement;
        return new ProcessRuntime(
            root.GetProperty("bytes").GetInt64(), root.GetProperty("gen0").GetInt32(), root.GetProperty("gen1").GetInt32(),
            root.GetProperty("gen2").GetInt32(), root.GetProperty("gcPauseMs").GetDouble(), root.GetProperty("jitMethods").GetInt64());
    }

    /// <summary>What happened between <paramref name="before"/> and this reading.</summary>
    public ProcessRuntime Since(ProcessRuntime before) =>
        new(Bytes - before.Bytes, Gen0 - before.Gen0, Gen1 - before.Gen1, Gen2 - before.Gen2, GcPauseMs - before.GcPauseMs, JitMethods - before.JitMethods);
}
