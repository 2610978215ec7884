using InsightGig.TestSupport.Processes;

namespace InsightGig.Web.Tests.Security;

/// <summary>
/// What the built app does at start, run as a real process (<see cref="AppProcess"/>): a refusal is a non-zero exit code
/// and one line on standard error. A process still running after the time limit started when it should not have.
/// </summary>
internal static class StartupRefusal
{
    /// <summary>The keys the provider and mail server checks need outside Development (dummy values; nothing is called at start).</summary>
    public static readonly IReadOnlyDictionary<string, string> Credentials = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Providers__Zoom__ClientId"] = "dummy-zoom-client-id",
        ["Providers__Zoom__ClientSecret"] = "dummy-zoom-client-secret",
        ["Providers__Zoom__WebhookSecretToken"] = "dummy-zoom-webhook-secret",
        ["Providers__Google__ClientId"] = "dummy-google-client-id.apps.googleusercontent.com",
        ["Providers__Google__ClientSecret"] = "dummy-google-client-secret",
        ["Providers__Microsoft__ClientId"] = "00000000-0000-0000-0000-000000000001",
        ["Providers__Microsoft__ClientSecret"] = "dummy-microsoft-client-secret",
        ["Email__Smtp__Host"] = "smtp.example.invalid",
    };

    /// <summary>Starts the app in <paramref name="folder"/> and asserts that it refuses: exit code not 0, one line on
    /// standard error starting "InsightGig cannot start: " and containing <paramref name="expected"/>, no stack trace.
    /// <paramref name="logsTheUnreadableKey"/>: Data Protection itself logs (on standard output, at error level, with its
    /// stack trace) the key it could not decrypt; that log is for the operator and is allowed then.</summary>
    public static async Task<string> AssertRefusesAsync(
        string environment, IReadOnlyDictionary<string, string> settings, string folder, string expected, bool logsTheUnreadableKey = false)
    {
        var environmentSettings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["DOTNET_ENVIRONMENT"] = environment,
            ["Jobs__RunServer"] = "false",
        };
        foreach (var (key, value) in settings)
        {
            environmentSettings[key] = value;
        }

        var exited = await AppProcess.RunToExitAsync(environmentSettings, folder, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        if (exited is null)
        {
            Assert.Fail($"{environment} with {string.Join("; ", settings.Keys)} started instead of refusing.");
        }

        var error = exited.StandardError.Trim();
        Assert.NotEqual(0, exited.ExitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("InsightGig cannot start: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        if (logsTheUnreadableKey)
        {
            Assert.Contains("An exception occurred while processing the key element", exited.StandardOutput, StringComparison.Ordinal);
        }
        else
        {
            Assert.False(exited.StandardOutput.Contains("   at ", StringComparison.Ordinal), $"A stack trace on standard output:\n{exited.StandardOutput}");
        }

        return line;
    }
}
