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
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    public const string DeviceCookie = "InsightGig.Device";
    private const int AccountsRememberedPerDevice = 5;
    private static readonly TimeSpan DeviceLifetime = TimeSpan.FromDays(90);

    private readonly PartitionedRateLimiter<(string Account, bool KnownDevice)> _perAccount;
    private readonly ITimeLimitedDataProtector _protector;
    private readonly TimeProvider _time;

    public SignInThrottle(IOptions<RateLimitOptions> options, IDataProtectionProvider dataProtection, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dataProtection);
        var permits = options.Value.SignInPerAccountPerMinute;
        _perAccount = PartitionedRateLimiter.Create<(string Account, bool KnownDevice), string>(attempt => attempt.KnownDevice
            ? RateLimitPartition.GetNoLimiter("known-device")
            : RateLimitPartition.GetFixedWindowLimiter(attempt.Account, _ => RateLimiters.OneMinute(permits)));
        _protector = dataProtection.CreateProtector("InsightGig.SignIn.KnownDevice.v1").ToTimeLimitedDataProtector();
        _time = time;
    }

    /// <summary>A permit for one attempt at <paramref name="email"/>'s account from this browser (not acquired: answer 429).</summary>
    public RateLimitLease Acquire(HttpContext context, string email)
    {
        ArgumentNullException.ThrowIfNull(context);
        var account = Normalize(email);
        return _perAccount.AttemptAcquire((account, KnownAccounts(context).Contains(account)));
    }

    /// <summary>After a successful sign-in: this browser is now one of the account's own.</summary>
    public void RememberDevice(HttpContext context, string email)
    {
        ArgumentNullException.ThrowIfNull(context);
        var accounts = KnownAccounts(context).Prepend(Normalize(email)).Distinct(StringComparer.Ordinal).Take(AccountsRememberedPerDevice);
        var expires = _time.GetUtcNow().Add(DeviceLifetime);
        context.Response.Cookies.Append(DeviceCookie, _protector.Protect(string.Join('\n', accounts), expires), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            IsEssential = true,
            Expires = expires,
        });
    }

    public void Dispose() => _perAccount.Dispose();

    private string[] KnownAccounts(HttpContext context)
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

    private static string Normalize(string email) => email.Trim().ToUpperInvariant();
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
