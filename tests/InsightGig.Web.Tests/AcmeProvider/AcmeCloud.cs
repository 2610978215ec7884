using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace InsightGig.Web.Tests.AcmeProvider;

/// <summary>What Acme's servers hold: issued codes and tokens, video meetings, calendar events; and a switch that makes it fail.</summary>
public sealed class AcmeCloud
{
    private readonly ConcurrentDictionary<string, string> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, AcmeVideoMeeting> VideoMeetings { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, AcmeEvent> Events { get; } = new(StringComparer.Ordinal);

    /// <summary>While true, every video call answers "unavailable" (a transient failure).</summary>
    public bool VideoDown { get; set; }

    public string IssueCode(string email)
    {
        var code = RandomNumberGenerator.GetHexString(16, lowercase: true);
        _codes[code] = email;
        return code;
    }

    /// <summary>The email the code was issued for; a code is used once.</summary>
    public string? RedeemCode(string code) => _codes.TryRemove(code, out var email) ? email : null;

    public string IssueToken(string email)
    {
        var token = "acme-" + RandomNumberGenerator.GetHexString(24, lowercase: true);
        _tokens[token] = email;
        return token;
    }

    public string? AccountOf(string token) => _tokens.GetValueOrDefault(token);
}

/// <param name="MadeFor">The InsightGig meeting the create was for (Acme keeps the tag it was given).</param>
public sealed record AcmeVideoMeeting(string Id, string Title, DateTimeOffset StartUtc, TimeSpan Duration, Guid MadeFor, bool Deleted = false);

public sealed record AcmeEvent(string Id, string Title, string? Location, DateTimeOffset StartUtc, DateTimeOffset EndUtc, IReadOnlyList<string> Attendees, string ETag, bool Deleted = false);
