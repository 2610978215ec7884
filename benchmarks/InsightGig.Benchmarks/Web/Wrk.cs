using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace InsightGig.Benchmarks.Web;

/// <summary>One wrk run's figures.</summary>
internal sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Non2xx, long SocketErrors);

/// <summary>Runs Debian's <c>wrk</c> (a bounded run on loopback) and reads its report.</summary>
internal static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(
        string wrk, Uri url, string cookieHeader, int connections, int threads, TimeSpan duration, TextWriter log, CancellationToken ct)
    {
        if (!url.IsLoopback)
        {
            throw new InvalidOperationException($"Load goes to loopback only, not {url}.");
        }

        var info = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-t", threads.ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{(int)duration.TotalSeconds}s",
            "--timeout", "10s",
            "--latency",
            "-H", "Cookie: " + cookieHeader,
            "-H", "Accept: text/html,application/json",
            url.AbsoluteUri,
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {wrk}.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(duration + TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"wrk did not finish within {duration.TotalSeconds + 30:0} s.");
        }

        var report = await output;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {await errors}\n{report}");
        }

        var result = Parse(report);
        log.WriteLine($"    wrk {url.AbsolutePath}: {result.RequestsPerSecond:0} req/s, p50 {result.P50Ms:0.00} ms, p99 {result.P99Ms:0.00} ms, {result.Requests} requests, non-2xx/3xx {result.Non2xx}, socket errors {result.SocketErrors}");
        return result;
    }

    public static WrkResult Parse(string report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rps = RequestsPerSecond().Match(report);
        var p50 = Percentile().Matches(report).FirstOrDefault(m => m.Groups[1].Value == "50");
        var p99 = Percentile().Matches(report).FirstOrDefault(m => m.Groups[1].Value == "99");
        var total = Requests().Match(report);
        if (!rps.Success || p50 is null || p99 is null || !total.Success)
        {
            throw new FormatException("Unexpected wrk report:\n" + report);
        }

        var non2xx = Non2xx().Match(report);
        var socket = SocketErrors().Match(report);
        var socketErrors = socket.Success ? socket.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0;
        return new WrkResult(
            double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture),
            ToMs(p50.Groups[2].Value, p50.Groups[3].Value),
            ToMs(p99.Groups[2].Value, p99.Groups[3].Value),
            long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture),
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            socketErrors);
    }

    private static double ToMs(string number, string unit)
    {
        var value = double.Parse(number, CultureInfo.InvariantCulture);
        return unit switch
        {
            "us" => value / 1000,
            "ms" => value,
            "s" => value * 1000,
            "m" => value * 60_000,
            _ => throw new FormatException($"Unknown wrk time unit {unit}."),
        };
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s+(50|75|90|99)%\s+([0-9.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline)]
    private static partial Regex Percentile();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
