using System.Diagnostics;

namespace InsightGig.Web.Tests.Security;

/// <summary>
/// The built app (<c>dotnet InsightGig.Web.dll</c>) run as a real process, to see what it does at start: a refusal is a
/// non-zero exit code and one line on standard error. A process still running after the time limit started when it
/// should not have.
/// </summary>
internal static class AppProcess
{
    /// <summary>The keys the provider checks need outside Development (dummy values; nothing is called at start).</summary>
    public static readonly IReadOnlyDictionary<string, string> Credentials = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Providers__Zoom__ClientId"] = "dummy-zoom-client-id",
        ["Providers__Zoom__ClientSecret"] = "dummy-zoom-client-secret",
        ["Providers__Zoom__WebhookSecretToken"] = "dummy-zoom-webhook-secret",
        ["Providers__Google__ClientId"] = "dummy-google-client-id.apps.googleusercontent.com",
        ["Providers__Google__ClientSecret"] = "dummy-google-client-secret",
        ["Providers__Microsoft__ClientId"] = "00000000-0000-0000-0000-000000000001",
        ["Providers__Microsoft__ClientSecret"] = "dummy-microsoft-client-secret",
    };

    /// <summary>Starts the app in <paramref name="folder"/> and asserts that it refuses: exit code not 0, one line on
    /// standard error starting "InsightGig cannot start: " and containing <paramref name="expected"/>, no stack trace.
    /// <paramref name="logsTheUnreadableKey"/>: Data Protection itself logs (on standard output, at error level, with its
    /// stack trace) the key it could not decrypt; that log is for the operator and is allowed then.</summary>
    public static async Task<string> AssertRefusesAsync(
        string environment, IReadOnlyDictionary<string, string> settings, string folder, string expected, bool logsTheUnreadableKey = false)
    {
        var start = new ProcessStartInfo("dotnet", [WebAppDll()])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["DOTNET_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Jobs__RunServer"] = "false";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{environment} with {string.Join("; ", settings.Keys)} started instead of refusing.");
        }

        var error = (await stderr).Trim();
        Assert.NotEqual(0, process.ExitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("InsightGig cannot start: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        var output = await stdout;
        if (logsTheUnreadableKey)
        {
            Assert.Contains("An exception occurred while processing the key element", output, StringComparison.Ordinal);
        }
        else
        {
            Assert.False(output.Contains("   at ", StringComparison.Ordinal), $"A stack trace on standard output:\n{output}");
        }
        return line;
    }

    /// <summary>The app as built next to this test project (same configuration), with its runtime configuration.</summary>
    private static string WebAppDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var framework = output.Name;
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "InsightGig.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var dll = Path.Combine(root.FullName, "src", "InsightGig.Web", "bin", configuration, framework, "InsightGig.Web.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built.");
        return dll;
    }
}
