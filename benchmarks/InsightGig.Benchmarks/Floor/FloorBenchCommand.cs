using System.Diagnostics;
using System.Globalization;
using System.Net;
using InsightGig.Benchmarks.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace InsightGig.Benchmarks.Floor;

/// <summary>
/// What this machine allows a request shaped like "Create meeting" when the request does nothing else: one loopback HTTP
/// POST whose handler makes --round-trips sequential PostgreSQL round trips (<c>SELECT 1</c>, each on a connection taken
/// from the pool and given back, as EF Core does per query and save) and --provider-calls sequential loopback HTTP GETs
/// answered at once, all in this one process. No page, no EF Core, no domain, no JSON to speak of. Its latency is a floor
/// under the scheduling benchmark's overhead on the same machine: if the floor's p99 is above a goal, no code of the app's
/// can meet that goal here. Also reports one round trip of each kind alone.
/// </summary>
internal static class FloorBenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var roundTrips = CommandArgs.Int(args, "--round-trips", 11);
        var providerCalls = CommandArgs.Int(args, "--provider-calls", 2);
        var samples = CommandArgs.Int(args, "--samples", 2000);
        var warmup = CommandArgs.Int(args, "--warmup", 500);
        var runs = CommandArgs.Int(args, "--runs", 3);
        if (roundTrips < 1 || providerCalls < 0 || samples < 1 || warmup < 0 || runs < 1)
        {
            Console.Error.WriteLine("floor: --round-trips, --samples and --runs take 1 or more; --provider-calls and --warmup 0 or more.");
            return 2;
        }

        var postgres = CommandArgs.Postgres();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(CommandArgs.Int(args, "--timeout-seconds", 900)));
        var ct = deadline.Token;

        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(postgres) { Database = "postgres" }.ConnectionString);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Services.AddHttpClient("provider");
        await using var app = builder.Build();
        app.MapGet("/provider", () => Results.Text("""{"id":"1"}""", "application/json"));
        app.MapGet("/sql", async (CancellationToken token) =>
        {
            await SelectOneAsync(dataSource, token);
            return Results.NoContent();
        });
        app.MapPost("/meeting", async (IHttpClientFactory clients, HttpContext context, CancellationToken token) =>
        {
            var provider = clients.CreateClient("provider");
            var self = new Uri($"{context.Request.Scheme}://{context.Request.Host}/provider");
            // The order (reads, a provider call between saves) does not change the sum: half the round trips, the calls, the rest.
            for (var i = 0; i < roundTrips; i++)
            {
                if (i == roundTrips / 2)
                {
                    for (var call = 0; call < providerCalls; call++)
                    {
                        using var answer = await provider.GetAsync(self, token);
                        await answer.Content.ReadAsByteArrayAsync(token);
                    }
                }

                await SelectOneAsync(dataSource, token);
            }

            return Results.Redirect("/done");
        });
        await app.StartAsync(ct);
        var address = new Uri(app.Urls.First());

        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = address };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Floor: {Environment.ProcessorCount} CPUs; load average {Stats.LoadAverage()} at start; {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"One at a time, {runs} runs of {samples} after {warmup} warm-up each: a POST doing {roundTrips} PostgreSQL round trips and {providerCalls} loopback HTTP calls, nothing else"));
        Console.WriteLine();
        Console.WriteLine("| run | load (1 min) | POST, nothing but the round trips: p50 · p99 · max | one PostgreSQL round trip (GET /sql minus GET /provider's own HTTP): p50 · p99 | one loopback HTTP GET: p50 · p99 |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        var p99s = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var load = Stats.LoadAverage().Split(' ')[0];
            await TimeAsync(client, HttpMethod.Post, "/meeting", warmup, ct);
            var meeting = await TimeAsync(client, HttpMethod.Post, "/meeting", samples, ct);
            var http = await TimeAsync(client, HttpMethod.Get, "/provider", samples, ct);
            var sql = await TimeAsync(client, HttpMethod.Get, "/sql", samples, ct);
            var httpMedian = Stats.Median(http);
            var sqlOnly = sql.Select(s => s - httpMedian).ToList();
            p99s.Add(Stats.Percentile(meeting, 99));
            Console.WriteLine(
                $"| {run} | {load} | {Stats.Ms(Stats.Median(meeting))} · {Stats.Ms(Stats.Percentile(meeting, 99))} · {Stats.Ms(meeting.Max())} | " +
                $"{Stats.Ms(Stats.Median(sqlOnly))} · {Stats.Ms(Stats.Percentile(sqlOnly, 99))} | {Stats.Ms(httpMedian)} · {Stats.Ms(Stats.Percentile(http, 99))} |");
        }

        Console.WriteLine();
        Console.WriteLine($"Floor p99, median of the runs: {Stats.Ms(Stats.Median(p99s))} (the scheduling benchmark's overhead includes all of this and the app's own work)");
        await app.StopAsync(CancellationToken.None);
        return 0;
    }

    private static async Task SelectOneAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(ct);
    }

    private static async Task<List<double>> TimeAsync(HttpClient client, HttpMethod method, string path, int count, CancellationToken ct)
    {
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(method, path);
            using var response = await client.SendAsync(request, ct);
            await response.Content.ReadAsByteArrayAsync(ct);
            if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.NoContent or HttpStatusCode.OK))
            {
                throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}");
            }

            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return times;
    }
}
