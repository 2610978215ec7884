using System.Security.Cryptography;
using System.Text;
using InsightGig.ProviderSandbox.Common;

namespace InsightGig.ProviderSandbox.Microsoft365;

/// <summary>
/// A Microsoft account with its mailbox. Work accounts live in a tenant derived from their domain and can host Teams; personal
/// accounts (outlook.com, hotmail, live, msn, or listed in the options) live in the consumers tenant and cannot.
/// </summary>
internal sealed record MicrosoftAccount(string Id, string Email, string DisplayName, bool Personal)
{
    /// <summary>The tenant of every personal Microsoft account.</summary>
    public const string ConsumersTenantId = "9188040d-6c67-4c5b-b112-36a304b66dad";

    public string TenantId => Personal ? ConsumersTenantId : StableGuid("tenant", Email[(Email.IndexOf('@', StringComparison.Ordinal) + 1)..]);

    public IReadOnlyList<string> AllowedOnlineMeetingProviders => Personal ? [GraphEnums.SkypeForConsumer] : [GraphEnums.TeamsForBusiness];

    public string DefaultOnlineMeetingProvider => Personal ? GraphEnums.SkypeForConsumer : GraphEnums.TeamsForBusiness;

    public bool CanHostTeams => AllowedOnlineMeetingProviders.Contains(GraphEnums.TeamsForBusiness);

    public MicrosoftAccountInfo Describe() => new(Id, Email, DisplayName, Personal, TenantId);

    /// <summary>Ids derived from the email, so the same person keeps the same id across sign-ins and resets.</summary>
    public static string StableGuid(string purpose, string value) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(purpose + ":" + value.Trim().ToUpperInvariant())).AsSpan(0, 16)).ToString();

    public static bool IsPersonalDomain(string email)
    {
        string domain = email[(email.IndexOf('@', StringComparison.Ordinal) + 1)..].ToUpperInvariant();
        return domain == "MSN.COM"
            || domain.StartsWith("OUTLOOK.", StringComparison.Ordinal)
            || domain.StartsWith("HOTMAIL.", StringComparison.Ordinal)
            || domain.StartsWith("LIVE.", StringComparison.Ordinal);
    }
}

/// <summary>Microsoft accounts by email and id, created on first sign-in.</summary>
internal sealed class MicrosoftAccountDirectory(ProviderSandboxOptions options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, MicrosoftAccount> _byEmail = new(StringComparer.OrdinalIgnoreCase);

    public MicrosoftAccount GetOrCreate(string email, string? displayName)
    {
        lock (_gate)
        {
            string trimmed = email.Trim();
            if (!_byEmail.TryGetValue(trimmed, out MicrosoftAccount? account))
            {
                account = new MicrosoftAccount(
                    MicrosoftAccount.StableGuid("user", trimmed),
                    trimmed,
                    displayName ?? PersonNames.FromEmail(trimmed),
                    options.MicrosoftPersonalAccounts.Contains(trimmed) || MicrosoftAccount.IsPersonalDomain(trimmed));
                _byEmail[trimmed] = account;
            }

            return account;
        }
    }

    public MicrosoftAccount? FindById(string id)
    {
        lock (_gate)
        {
            return _byEmail.Values.FirstOrDefault(account => account.Id == id);
        }
    }

    public MicrosoftAccount? FindByEmail(string email)
    {
        lock (_gate)
        {
            return _byEmail.GetValueOrDefault(email.Trim());
        }
    }

    public IReadOnlyList<MicrosoftAccount> All()
    {
        lock (_gate)
        {
            return [.. _byEmail.Values.OrderBy(account => account.Email, StringComparer.OrdinalIgnoreCase)];
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
