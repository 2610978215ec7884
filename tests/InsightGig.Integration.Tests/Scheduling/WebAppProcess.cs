using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.RegularExpressions;

namespace InsightGig.Integration.Tests.Scheduling;

/// <summary>
/// The Web app's own build output (<c>dotnet InsightGig.Web.dll</c>) as a child process on a loopback port, configured by
/// environment variables only, with a browser-like client (cookies, no redirects followed). <see cref="Kill"/> is a SIGKILL:
/// the process gets no chance to finish anything.
/// </summary>
internal sealed partial class WebAppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private WebAppProcess(Process process, Uri baseAddress, StreamWriter log, string logPath)
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

    /// <summary>The Web app's build output for this test build's configuration (see the test project file).</summary>
    public static string WebDll { get; } = typeof(WebAppProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "InsightGigWebDll").Value!;

    /// <summary>Starts the app with <paramref name="settings"/> (configuration keys; ':' becomes '__') and waits until it serves.</summary>
    public static async Task<WebAppProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, string logPath, CancellationToken ct)
    {
        if (!File.Exists(WebDll))
        {
            throw new FileNotFoundException($"The Web app is not built at {WebDll}; build the test project (it builds the Web project first).", WebDll);
        }

        var baseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort()}/"));
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(WebDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(WebDll);
        // Nothing inherited may change where it listens or which environment it is in.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["ASPNETCORE_URLS"] = baseAddress.AbsoluteUri.TrimEnd('/');
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new WebAppProcess(process, baseAddress, log, logPath);
        try
        {
            await app.WaitUntilServingAsync(ct);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
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

    private async Task WaitUntilServingAsync(CancellationToken ct)
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
                using var response = await Client.GetAsync(new Uri("/Account/Login", UriKind.Relative), ct);
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
