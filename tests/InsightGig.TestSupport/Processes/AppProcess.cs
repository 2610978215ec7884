using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace InsightGig.TestSupport.Processes;

/// <summary>
/// The Web app's own build output (<c>dotnet InsightGig.Web.dll</c>) as a child process, configured by environment
/// variables only: the one launcher of the tests that need a real process (crash points, restarts, start-up refusals).
/// Started with <see cref="StartAsync"/>, it listens on a loopback port and has a browser-like client (cookies, no
/// redirects followed); <see cref="KillAsync"/> is a SIGKILL (the process gets no chance to finish anything),
/// <see cref="StopAsync"/> a SIGTERM (a graceful stop). <see cref="RunToExitAsync"/> runs one that is expected to stop by
/// itself (a refusal to start).
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private AppProcess(Process process, Uri baseAddress, StreamWriter log, string logPath)
    {
        _process = process;
        _log = log;
        LogPath = logPath;
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = baseAddress,
            // A request the test leaves hanging ends with the process; anything else answers in seconds.
            Timeout = TimeSpan.FromMinutes(3),
        };
    }

    public HttpClient Client { get; }

    /// <summary>The app's console output (for failure messages).</summary>
    public string LogPath { get; }

    /// <summary>
    /// The Web app as built next to the running tests (same configuration and framework: the tests' output folder is
    /// <c>bin/{configuration}/{framework}</c>; every test project that starts it builds the Web project first).
    /// </summary>
    public static string WebDll { get; } = FindWebDll();

    /// <summary>
    /// The embedded default as <c>dotnet run</c> starts it, with its files in <paramref name="folder"/>: Development, the
    /// SQLite database <c>insightgig.db</c> there (migrated at start), the tests' key ring certificate, a Hangfire server.
    /// </summary>
    public static Dictionary<string, string?> EmbeddedDefault(string folder, bool seedDemoData = false) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(folder, "insightgig.db")}",
        ["Database:MigrateOnStartup"] = "true",
        ["Database:SeedDemoData"] = seedDemoData ? "true" : "false",
        [TestKeyRingCertificate.Setting.Key] = TestKeyRingCertificate.Setting.Value,
        ["Jobs:RunServer"] = "true",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <summary>The process id (for <c>/proc</c>, or to tell which process ran a job).</summary>
    public int Id => _process.Id;

    /// <summary>
    /// Starts the app with <paramref name="settings"/> (configuration keys; ':' becomes '__') and waits until
    /// <paramref name="readyPath"/> answers 200.
    /// </summary>
    public static async Task<AppProcess> StartAsync(
        IReadOnlyDictionary<string, string?> settings, string logPath, CancellationToken ct, string readyPath = "/Account/Login")
    {
        var baseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort()}/"));
        var info = StartInfo(settings, Path.GetDirectoryName(WebDll)!);
        info.Environment["ASPNETCORE_URLS"] = baseAddress.AbsoluteUri.TrimEnd('/');
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, baseAddress, log, logPath);
        try
        {
            await app.WaitUntilServingAsync(readyPath, ct);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs the app in <paramref name="workingDirectory"/> until it stops by itself (on a port of its own choosing, so it
    /// never collides), for at most <paramref name="limit"/>; null when it was still running then (it is killed).
    /// </summary>
    public static async Task<ExitedApp?> RunToExitAsync(
        IReadOnlyDictionary<string, string?> settings, string workingDirectory, TimeSpan limit, CancellationToken ct)
    {
        var info = StartInfo(settings, workingDirectory);
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return null;
        }

        return new ExitedApp(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>SIGTERM (a graceful stop: hosted services stop, Hangfire hands back what it fetched), then a kill after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false }))
        {
            await term!.WaitForExitAsync();
        }

        using var limit = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    /// <summary>SIGKILL, and waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public bool HasExited => _process.HasExited;

    public async Task SignInAsync(string email, string password, CancellationToken ct)
    {
        var token = await FormTokenAsync("/Account/Login", ct);
        using var response = await PostFormAsync("/Account/Login", token, [new("Input.Email", email), new("Input.Password", password)], ct);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in as {email} answered {(int)response.StatusCode}; see {LogPath}.");
        }
    }

    /// <summary>GETs <paramref name="path"/> (it must answer 200) and answers the antiforgery token of its forms.</summary>
    public async Task<string> FormTokenAsync(string path, CancellationToken ct)
    {
        var html = await GetPageAsync(path, ct);
        return TokenInput().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"GET {path} has no antiforgery token.");
    }

    public async Task<string> GetPageAsync(string path, CancellationToken ct)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        return response.StatusCode == HttpStatusCode.OK
            ? body
            : throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}; see {LogPath}.");
    }

    public Task<HttpResponseMessage> PostFormAsync(string path, string antiforgeryToken, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken ct)
    {
        var content = new FormUrlEncodedContent([new("__RequestVerificationToken", antiforgeryToken), .. fields]);
        return Client.PostAsync(new Uri(path, UriKind.Relative), content, ct);
    }

    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string?> settings, string workingDirectory)
    {
        if (!File.Exists(WebDll))
        {
            throw new FileNotFoundException($"The Web app is not built at {WebDll}; build the test project (it builds the Web project first).", WebDll);
        }

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            // Its own stdin, never the test process's (xUnit v3 runs a test assembly as a process its runner drives).
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(WebDll);
        // Nothing inherited may change where it listens, which environment it is in, or where it exports telemetry.
        foreach (var key in info.Environment.Keys
                     .Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)
                         || k.StartsWith("OTEL_", StringComparison.Ordinal))
                     .ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return info;
    }

    private static string FindWebDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "InsightGig.sln")))
        {
            root = root.Parent;
        }

        return root is null
            ? throw new InvalidOperationException($"No InsightGig.sln above {output.FullName}: the tests run outside the repository.")
            : Path.Combine(root.FullName, "src", "InsightGig.Web", "bin", configuration, framework, "InsightGig.Web.dll");
    }

    private async Task WaitUntilServingAsync(string readyPath, CancellationToken ct)
    {
        // Bounded by the test's own time limit; a start that fails is reported with the app's output.
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {_process.ExitCode} before serving; see {LogPath}.");
            }

            try
            {
                using var response = await Client.GetAsync(new Uri(readyPath, UriKind.Relative), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50, ct);
        }
    }

    /// <summary>A free loopback port below Linux's ephemeral range, so no outgoing connection takes it before the app binds it.</summary>
    private static int FreePort()
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

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The last lines of a killed process may arrive after the log is closed.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Client.Dispose();
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}

/// <summary>What a process that stopped by itself left: its exit code and its output.</summary>
public sealed record ExitedApp(int ExitCode, string StandardOutput, string StandardError);
