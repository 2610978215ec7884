using InsightGig.Benchmarks;
using InsightGig.Benchmarks.Load;
using InsightGig.Benchmarks.Web;

// Benchmarks and the load run, as commands (not tests):
//   token-refresh [options]   the token refresh paths (the default when the first argument is an option; ./build/bench-token-refresh.sh)
//   web [options]             page vs bare endpoint, scheduling, memory, cold start, token refresh (./build/bench.sh)
//   load [options]            100 virtual users for 60 s, then the database/sandbox consistency check (./build/load.sh)
//   calendar-sync [options]   calendar read-back at 10,000+ organizers on a simulated clock (./build/bench.sh --calendar)
//   find-time [options]       Find a time: server time with calendars answering after 50 ms, SQL per query (./build/bench.sh --find-time)
//   floor [options]           the latency floor of a request shaped like "Create meeting" on this machine, with no app work
// Each command bounds its own run and answers 0 when it completed and its checks held.
var command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "token-refresh";
var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
return command switch
{
    "token-refresh" => await TokenRefreshCommand.RunAsync(rest),
    "web" => await WebBenchCommand.RunAsync(rest),
    "load" => await LoadCommand.RunAsync(rest),
    "calendar-sync" => await InsightGig.Benchmarks.CalendarSync.CalendarSyncBenchCommand.RunAsync(rest),
    "find-time" => await InsightGig.Benchmarks.FindTime.FindTimeBenchCommand.RunAsync(rest),
    "floor" => await InsightGig.Benchmarks.Floor.FloorBenchCommand.RunAsync(rest),
    _ => Unknown(command),
};

static int Unknown(string command)
{
    Console.Error.WriteLine($"Unknown command {command}: token-refresh, web, load, calendar-sync, find-time or floor.");
    return 2;
}
