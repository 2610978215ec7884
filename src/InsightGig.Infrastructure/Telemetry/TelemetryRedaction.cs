using System.Diagnostics;
using System.Text.RegularExpressions;

namespace InsightGig.Infrastructure.Telemetry;

/// <summary>
/// The last guard before a span leaves the process: email addresses anywhere in a span's name or string tags (a calendar
/// id in a provider URL is an email) become <see cref="Email"/>, and a tag whose name says it holds a credential
/// (token, secret, password, authorization, cookie) is dropped. Our own tags carry ids only; this catches what
/// instrumentation copies from the wire.
/// </summary>
public static partial class TelemetryRedaction
{
    public const string Email = "[email]";

    public static void Redact(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.DisplayName.Contains('@', StringComparison.Ordinal))
        {
            activity.DisplayName = Scrub(activity.DisplayName);
        }

        List<KeyValuePair<string, string?>>? changes = null;
        foreach (var (key, value) in activity.Tags)
        {
            if (IsCredential(key))
            {
                (changes ??= []).Add(new(key, null));
            }
            else if (value is not null && (value.Contains('@', StringComparison.Ordinal) || value.Contains("%40", StringComparison.OrdinalIgnoreCase)))
            {
                (changes ??= []).Add(new(key, Scrub(value)));
            }
        }

        foreach (var (key, value) in changes ?? [])
        {
            activity.SetTag(key, value);
        }
    }

    public static string Scrub(string text) => EmailPattern().Replace(text, Email);

    private static bool IsCredential(string key) =>
        key.Contains("token", StringComparison.OrdinalIgnoreCase)
        || key.Contains("secret", StringComparison.OrdinalIgnoreCase)
        || key.Contains("password", StringComparison.OrdinalIgnoreCase)
        || key.Contains("authorization", StringComparison.OrdinalIgnoreCase)
        || key.Contains("cookie", StringComparison.OrdinalIgnoreCase);

    // Also the percent-encoded form (%40) that URLs carry.
    [GeneratedRegex(@"[^\s/?&=:;,""'<>()\[\]{}]+(?:@|%40)[^\s/?&=:;,""'<>()\[\]{}]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();
}
