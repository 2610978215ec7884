using System.Collections.Concurrent;
using InsightGig.ProviderSandbox.Common;

namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>Where a <c>calendarView/delta</c> round stands: the owner, the window, what it reads and how far it got.</summary>
/// <param name="Since">The version the round reads changes after; null for the first round (everything in the window).</param>
/// <param name="AsOf">The version the round's answer is as of (the next round's <paramref name="Since"/>).</param>
/// <param name="Ids">The events of the round, in page order (empty for a delta token: its round is computed when it is used).</param>
internal sealed record DeltaPosition(string OwnerId, DateTimeOffset From, DateTimeOffset To, long? Since, long AsOf, IReadOnlyList<string> Ids, int Offset);

/// <summary>
/// The opaque <c>$skiptoken</c>s and <c>$deltatoken</c>s of delta links. Unknown or expired tokens answer 410
/// <c>SyncStateNotFound</c> (a full sync is needed), as Graph does.
/// </summary>
internal sealed class DeltaTokens
{
    private readonly ConcurrentDictionary<string, DeltaPosition> _skip = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeltaPosition> _delta = new(StringComparer.Ordinal);

    public string NewSkipToken(DeltaPosition position) => Add(_skip, position);

    public string NewDeltaToken(DeltaPosition position) => Add(_delta, position);

    public DeltaPosition? Skip(string token) => _skip.GetValueOrDefault(token);

    public DeltaPosition? Delta(string token) => _delta.GetValueOrDefault(token);

    /// <summary>Forgets every token (a client holding one must sync again in full); answers how many delta tokens there were.</summary>
    public int ExpireAll()
    {
        int count = _delta.Count;
        _skip.Clear();
        _delta.Clear();
        return count;
    }

    private static string Add(ConcurrentDictionary<string, DeltaPosition> tokens, DeltaPosition position)
    {
        string token = SecureRandomText.Token(48);
        tokens[token] = position;
        return token;
    }
}
