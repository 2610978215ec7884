using InsightGig.ProviderSandbox.Common;

namespace InsightGig.ProviderSandbox.Zoom;

/// <summary>A Zoom user; immutable once created.</summary>
internal sealed record ZoomUser(
    string Id,
    string Email,
    string FirstName,
    string LastName,
    string AccountId,
    long PersonalMeetingId,
    string Timezone,
    DateTimeOffset CreatedAt)
{
    public string DisplayName => $"{FirstName} {LastName}".Trim();

    public ZoomUserInfo Describe() => new(Id, Email, FirstName, LastName, AccountId, Timezone);
}

/// <summary>Zoom users by email and id, created on first sign-in.</summary>
internal sealed class ZoomUserDirectory(TimeProvider time)
{
    /// <summary>Users without a time zone setting schedule in UTC here.</summary>
    public const string DefaultTimezone = "UTC";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ZoomUser> _byEmail = new(StringComparer.OrdinalIgnoreCase);

    public ZoomUser GetOrCreate(string email, string? displayName)
    {
        lock (_gate)
        {
            string trimmed = email.Trim();
            if (_byEmail.TryGetValue(trimmed, out ZoomUser? existing))
            {
                return existing;
            }

            (string first, string last) = PersonNames.Split(displayName ?? PersonNames.FromEmail(trimmed));
            var user = new ZoomUser(
                StableIds.ZoomUserId(trimmed),
                trimmed,
                first,
                last,
                StableIds.ZoomAccountId(trimmed),
                StableIds.ZoomPersonalMeetingId(trimmed),
                DefaultTimezone,
                time.GetUtcNow());
            _byEmail[trimmed] = user;
            return user;
        }
    }

    public ZoomUser? FindById(string id)
    {
        lock (_gate)
        {
            return _byEmail.Values.FirstOrDefault(user => user.Id == id);
        }
    }

    public IReadOnlyList<ZoomUser> All()
    {
        lock (_gate)
        {
            return [.. _byEmail.Values];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _byEmail.Clear();
        }
    }
}
