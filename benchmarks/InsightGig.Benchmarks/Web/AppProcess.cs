using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace InsightGig.Benchmarks.Web;

/// <summary>
/// The published app (<c>InsightGig.Web.dll</c>) as a child process on loopback, as it runs in production: its own
/// process, Kestrel, the configuration given as environment variables. Its output goes to a log file. Memory is read
/// from <c>/proc</c>: the peak resident set (VmHWM) can be reset between phases.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private AppProcess(Process process, Uri baseAddress, StreamWriter log, string logPath)
    {
        _process = process;
        BaseAddress = baseAddress;
        _log = log;
        LogPath = logPath;
    }

    public Uri BaseAddress { get; }

    public string LogPath { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet {appDirectory}/InsightGig.Web.dll</c> with <paramref name="environment"/> (ASPNETCORE_URLS included).</summary>
    public static AppProcess Start(string appDirectory, IReadOnlyDictionary<string, string> environment, Uri baseAddress, string logPath)
    {
        var dll = Path.Combine(appDirectory, "InsightGig.Web.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The published app is not there: {dll} (run dotnet publish first; ./build/bench.sh does).", dll);
        }

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        // Nothing inherited may change what is measured (a Development environment, other URLs).
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AppProcess(process, baseAddress, log, logPath);
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    /// <summary>
    /// A free TCP port on loopback below Linux's ephemeral range (32768–60999), so that no outgoing connection of this busy
    /// machine can take it between this check and the app binding it.
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException("No free port on 127.0.0.1 between 20000 and 32000.");
    }

    /// <summary>Polls <paramref name="path"/> until it answers 200; answers the time from now until then.</summary>
    public async Task<TimeSpan> WaitUntilServingAsync(HttpClient client, string path, TimeSpan limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode} before serving {path}; see {LogPath}.");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(BaseAddress, path), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return watch.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"The app did not serve {path} within {limit.TotalSeconds:0} s; see {LogPath}.");
            }

            await Task.Delay(10, ct);
        }
    }

    /// <summary>Peak resident set since start or since the last <see cref="ResetPeakWorkingSet"/> (VmHWM), in bytes.</summary>
    public long PeakWorkingSetBytes() => ReadStatusKb("VmHWM") * 1024;

    /// <summary>
    /// CPU time the app's process has used so far (user + system, all threads; <c>/proc/PID/stat</c>). Per request it is a
    /// cost that a busy shared machine disturbs far less than throughput or latency.
    /// </summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        // Fields after the command name (which is in parentheses and may hold spaces): state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    /// <summary>USER_HZ: 100 on Linux.</summary>
    private const int ClockTicksPerSecond = 100;

    /// <summary>Resident set now (VmRSS), in bytes.</summary>
    public long WorkingSetBytes() => ReadStatusKb("VmRSS") * 1024;

    /// <summary>Resets VmHWM to the current resident set (Linux: <c>echo 5 &gt; /proc/PID/clear_refs</c>); false where not allowed.</summary>
    public bool ResetPeakWorkingSet()
    {
        try
        {
            File.WriteAllText($"/proc/{_process.Id}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private long ReadStatusKb(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var value = line[(field.Length + 1)..].Trim();
                return long.Parse(value.Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{_process.Id}/status has no {field}.");
    }

    /// <summary>SIGTERM (a graceful stop), then a kill after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        try
        {
            using var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
            if (term is not null)
            {
                await term.WaitForExitAsync();
            }

            using var limit = new CancellationTokenSource(grace);
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        await _log.DisposeAsync();
    }
}
