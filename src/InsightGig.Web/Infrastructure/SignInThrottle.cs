using System.Security.Cryptography;
using System.Threading.RateLimiting;
using InsightGig.Infrastructure.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace InsightGig.Web.Infrastructure;

/// <summary>
/// The per-account half of sign-in throttling (the per-address half is <see cref="RateLimit.SignIn"/> on the form's
/// handler). Attempts for one account, from browsers that have never signed in to it, share a small per-minute budget,
/// so a guesser spread over many addresses is slowed too. A browser that has signed in to the account before carries a
/// protected "known device" cookie naming it and is not counted: flooding an account throttles strangers, never its
/// owner's own browsers. The account is the address typed, existing or not, so known and unknown accounts behave alike.
/// The cookie names each account with a hash of its security stamp at sign-in: a password reset (or any stamp change)
/// makes every browser known before it a stranger again.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    public const string DeviceCookie = "InsightGig.Device";
    private const int AccountsRememberedPerDevice = 5;
    private static readonly TimeSpan DeviceLifetime = TimeSpan.FromDays(90);

    private readonly PartitionedRateLimiter<(string Account, bool KnownDevice)> _perAccount;
    private readonly ITimeLimitedDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly bool _development;

    public SignInThrottle(IOptions<RateLimitOptions> options, IDataProtectionProvider dataProtection, TimeProvider time, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dataProtection);
        ArgumentNullException.ThrowIfNull(environment);
        var permits = options.Value.SignInPerAccountPerMinute;
        _perAccount = PartitionedRateLimiter.Create<(string Account, bool KnownDevice), string>(attempt => attempt.KnownDevice
            ? RateLimitPartition.GetNoLimiter("known-device")
            : RateLimitPartition.GetFixedWindowLimiter(attempt.Account, _ => RateLimiters.OneMinute(permits)));
        // v2: entries are "account<TAB>stamp hash"; a v1 cookie (accounts only) no longer unprotects and counts as a stranger's.
        _protector = dataProtection.CreateProtector("InsightGig.SignIn.KnownDevice.v2").ToTimeLimitedDataProtector();
        _time = time;
        _development = environment.IsDevelopment();
    }

    /// <summary>A permit for one attempt at <paramref name="email"/>'s account from this browser (not acquired: answer 429).</summary>
    public async Task<RateLimitLease> AcquireAsync(HttpContext context, string email)
    {
        ArgumentNullException.ThrowIfNull(context);
        var account = Normalize(context, email);
        var entry = await EntryAsync(context, account);
        return _perAccount.AttemptAcquire((account, entry is not null && KnownEntries(context).Contains(entry)));
    }

    /// <summary>After a successful sign-in: this browser is now one of the account's own (until its security stamp changes).</summary>
    public async Task RememberDeviceAsync(HttpContext context, string email)
    {
        ArgumentNullException.ThrowIfNull(context);
        var account = Normalize(context, email);
        var entry = await EntryAsync(context, account);
        if (entry is null)
        {
            return;
        }

        var accounts = KnownEntries(context)
            .Where(known => !known.StartsWith(account + "\t", StringComparison.Ordinal))
            .Prepend(entry)
            .Take(AccountsRememberedPerDevice);
        var expires = _time.GetUtcNow().Add(DeviceLifetime);
        context.Response.Cookies.Append(DeviceCookie, _protector.Protect(string.Join('\n', accounts), expires), new CookieOptions
        {
            HttpOnly = true,
            // Outside Development always Secure, whatever scheme this request came in on (a proxy that does not say).
            Secure = !_development || context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            IsEssential = true,
            Expires = expires,
        });
    }

    public void Dispose() => _perAccount.Dispose();

    /// <summary>
    /// "account<TAB>hash of its security stamp" for an existing account (null for an unknown one, which no browser can be
    /// known for). The stamp is hashed so the cookie carries no copy of it, even protected.
    /// </summary>
    private static async Task<string?> EntryAsync(HttpContext context, string account)
    {
        var users = context.RequestServices.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByNameAsync(account);
        if (user is null)
        {
            return null;
        }

        var stamp = await users.GetSecurityStampAsync(user);
        return account + "\t" + Convert.ToBase64String(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(stamp)));
    }

    private string[] KnownEntries(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(DeviceCookie, out var cookie) || string.IsNullOrEmpty(cookie))
        {
            return [];
        }

        try
        {
            return _protector.Unprotect(cookie).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (CryptographicException)
        {
            // Expired, tampered with or from another key ring: a stranger's browser.
            return [];
        }
    }

    /// <summary>
    /// The account as Identity looks it up (<see cref="ILookupNormalizer"/>: Unicode normalization, then upper case), so
    /// spellings that sign in to the same account (the Kelvin sign "\u212A" for "K", a composed or decomposed accent) share
    /// one budget. The normalizer is scoped, hence taken from the request.
    /// </summary>
    private static string Normalize(HttpContext context, string email) =>
        context.RequestServices.GetRequiredService<ILookupNormalizer>().NormalizeName(email.Trim());
}

/// <summary>
/// Password sign-in that answers alike for known and unknown accounts: the same failure, and an unknown account's
/// password is still run through the password hasher so the answer does not come back measurably faster. Identity's
/// lockout is not used (lockout-on-failure would let anyone lock any owner out); <see cref="SignInThrottle"/> slows guessers.
/// </summary>
public sealed class PasswordSignIn(SignInManager<ApplicationUser> signInManager)
{
    private static readonly Lazy<string> UnknownAccountHash = new(() =>
        new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

    public async Task<bool> SignInAsync(string email, string password, bool isPersistent)
    {
        var users = signInManager.UserManager;
        var user = await users.FindByNameAsync(email);
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new ApplicationUser(), UnknownAccountHash.Value, password);
            return false;
        }

        var result = await signInManager.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure: false);
        return result.Succeeded;
    }
}
