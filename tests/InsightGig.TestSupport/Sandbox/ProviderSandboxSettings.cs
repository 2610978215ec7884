namespace InsightGig.TestSupport.Sandbox;

/// <summary>
/// The <c>Providers:Zoom:*</c> and <c>Providers:Google:*</c> settings that point the app's adapters at a
/// <see cref="ProviderSandbox.ProviderSandboxServer"/> (the same values <c>EmbeddedSandbox</c> uses, relative to the sandbox root),
/// with short timeouts and retry delays so that a failing provider fails the test quickly.
/// </summary>
public static class ProviderSandboxSettings
{
    public const string ZoomClientId = "sandbox-zoom-client";
    public const string ZoomClientSecret = "sandbox-zoom-secret";
    public const string GoogleClientId = "sandbox-google-client.apps.googleusercontent.com";
    public const string GoogleClientSecret = "sandbox-google-secret";

    public static Dictionary<string, string?> For(Uri sandboxBase)
    {
        ArgumentNullException.ThrowIfNull(sandboxBase);
        var root = sandboxBase.AbsoluteUri.TrimEnd('/');
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Providers:Zoom:ClientId"] = ZoomClientId,
            ["Providers:Zoom:ClientSecret"] = ZoomClientSecret,
            ["Providers:Zoom:AuthorizeUrl"] = $"{root}/zoom/oauth/authorize",
            ["Providers:Zoom:TokenUrl"] = $"{root}/zoom/oauth/token",
            ["Providers:Zoom:RevokeUrl"] = $"{root}/zoom/oauth/revoke",
            ["Providers:Zoom:ApiBaseUrl"] = $"{root}/zoom/v2/",
            ["Providers:Zoom:WebhookSecretToken"] = "sandbox-zoom-webhook-secret",
            ["Providers:Google:ClientId"] = GoogleClientId,
            ["Providers:Google:ClientSecret"] = GoogleClientSecret,
            ["Providers:Google:AuthorizeUrl"] = $"{root}/google/o/oauth2/v2/auth",
            ["Providers:Google:TokenUrl"] = $"{root}/google/token",
            ["Providers:Google:RevokeUrl"] = $"{root}/google/revoke",
            ["Providers:Google:UserInfoUrl"] = $"{root}/google/oauth2/v3/userinfo",
            ["Providers:Google:ApiRootUrl"] = $"{root}/google/",
        };

        // Retries stay on (they are part of what is tested) but wait only briefly between tries. The time limits are generous:
        // on a loaded CI box a slow answer must not turn into a timeout (a POST that timed out is not sent again). A test
        // that makes the sandbox hang overrides them.
        foreach (var provider in new[] { "Zoom", "Google" })
        {
            settings[$"Providers:{provider}:Http:AttemptTimeout"] = "00:00:20";
            settings[$"Providers:{provider}:Http:TotalTimeout"] = "00:00:45";
            settings[$"Providers:{provider}:Http:RetryBaseDelay"] = "00:00:00.020";
            settings[$"Providers:{provider}:Http:MaxRetryAfter"] = "00:00:02";
        }

        // Tests sign in, link and schedule far more often than a person: the app's rate limits are not what they test.
        settings[TestKeyRingCertificate.Setting.Key] = TestKeyRingCertificate.Setting.Value;
        settings["RateLimits:SignInPerMinute"] = "100000";
        settings["RateLimits:SchedulingPerMinute"] = "100000";
        settings["RateLimits:SignInPerAccountPerMinute"] = "100000";
        settings["RateLimits:LinkingPerMinute"] = "100000";
        // No background jobs: a token refresh or a meeting sweep running on its own would race what a test checks.
        settings["Jobs:RunServer"] = "false";
        return settings;
    }
}
