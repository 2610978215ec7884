using InsightGig.ProviderSandbox.Common;
using InsightGig.ProviderSandbox.Google.Calendar;

namespace InsightGig.ProviderSandbox.Google;

/// <summary>A Google account and its primary calendar (whose id is the account's email).</summary>
internal sealed record GoogleAccount(string Sub, string Email, string Name, GoogleCalendar Calendar)
{
    public string GivenName => PersonNames.Split(Name).First;

    public string FamilyName => PersonNames.Split(Name).Last;

    public GoogleAccountInfo Describe() => new(Sub, Email, Name);
}

/// <summary>Google accounts by email and subject, created on first sign-in.</summary>
/// <param name="calendarChanged">Called (under the calendar's lock) whenever a calendar changes.</param>
internal sealed class GoogleAccountDirectory(Action<string>? calendarChanged = null)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, GoogleAccount> _byEmail = new(StringComparer.OrdinalIgnoreCase);

    // Every API call looks its account up by subject: an index, not a scan, once there are thousands (benchmarks).
    private readonly Dictionary<string, GoogleAccount> _bySub = new(StringComparer.Ordinal);

    public GoogleAccount GetOrCreate(string email, string? displayName)
    {
        lock (_gate)
        {
            string trimmed = email.Trim();
            if (!_byEmail.TryGetValue(trimmed, out GoogleAccount? account))
            {
                account = new GoogleAccount(
                    StableIds.GoogleSubject(trimmed),
                    trimmed,
                    displayName ?? PersonNames.FromEmail(trimmed),
                    new GoogleCalendar(trimmed, calendarChanged));
                _byEmail[trimmed] = account;
                _bySub[account.Sub] = account;
            }

            return account;
        }
    }

    public GoogleAccount? FindBySub(string sub)
    {
        lock (_gate)
        {
            return _bySub.GetValueOrDefault(sub);
        }
    }

    public GoogleAccount? FindByEmail(string email)
    {
        lock (_gate)
        {
            return _byEmail.GetValueOrDefault(email.Trim());
        }
    }

    public IReadOnlyList<GoogleAccount> All()
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
            _bySub.Clear();
        }
    }
}
