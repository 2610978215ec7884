using System.Net;
using InsightGig.Infrastructure.Persistence.Seeding;
using InsightGig.Infrastructure.Identity;
using InsightGig.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace InsightGig.Web.Tests.Security;

/// <summary>
/// Password guessing is slowed per account and per address, without telling a guesser which accounts exist and without
/// letting anyone lock an owner out: known and unknown accounts answer alike, and the owner's own browser (one that has
/// signed in to the account before) still signs in while strangers are throttled.
/// </summary>
public sealed class SignInThrottleTests
{
    private const int PerAccount = 3;

    /// <summary>What a person sees: the status, and the page's alert (or nothing).</summary>
    private static async Task<string> AnswerAsync(HttpResponseMessage response)
    {
        var alert = response.StatusCode == HttpStatusCode.OK ? (await response.ReadDocumentAsync()).QuerySelector("[role='alert']")?.TextContent.Trim() : null;
        return $"{(int)response.StatusCode} {alert}".TrimEnd();
    }

    /// <summary>A new browser that has signed in to <paramref name="email"/>'s account (and so carries the known-device cookie).</summary>
    private static async Task<HttpClient> SignedInBrowserAsync(RateLimitedWebFactory factory, string email)
    {
        var browser = factory.CreateAnonymousClient();
        using var signIn = await InsightGigWebFactory.SignInAsync(browser, email);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return browser;
    }

    [Fact]
    public async Task A_known_and_an_unknown_account_answer_alike_attempt_for_attempt()
    {
        await using var factory = new RateLimitedWebFactory(signIn: 1000, scheduling: 1000, linking: 1000, signInPerAccount: PerAccount);
        using var known = factory.CreateAnonymousClient();
        using var unknown = factory.CreateAnonymousClient();
        var knownAnswers = new List<string>();
        var unknownAnswers = new List<string>();

        for (var attempt = 1; attempt <= PerAccount + 4; attempt++)
        {
            using var toKnown = await InsightGigWebFactory.SignInAsync(known, DemoData.Carlos.Email, $"wrong-password-{attempt}");
            using var toUnknown = await InsightGigWebFactory.SignInAsync(unknown, "carlos.klient@northwind.example", $"wrong-password-{attempt}");
            knownAnswers.Add(await AnswerAsync(toKnown));
            unknownAnswers.Add(await AnswerAsync(toUnknown));
        }

        Assert.Equal(knownAnswers, unknownAnswers);
        Assert.Equal(
            [.. Enumerable.Repeat("200 That email and password do not match an account.", PerAccount), .. Enumerable.Repeat("429", 4)],
            knownAnswers);
    }

    [Fact]
    public async Task Flooding_an_account_slows_strangers_but_never_locks_out_the_owners_own_browser()
    {
        await using var factory = new RateLimitedWebFactory(signIn: 1000, scheduling: 1000, linking: 1000, signInPerAccount: PerAccount);
        using var owner = await SignedInBrowserAsync(factory, DemoData.Carlos.Email);

        using var guesser = factory.CreateAnonymousClient();
        var guesses = new List<HttpStatusCode>();
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            using var guess = await InsightGigWebFactory.SignInAsync(guesser, DemoData.Carlos.Email, $"guess-{attempt}");
            guesses.Add(guess.StatusCode);
        }

        using var ownerAgain = await InsightGigWebFactory.SignInAsync(owner, DemoData.Carlos.Email);
        using var stranger = factory.CreateAnonymousClient();
        using var strangerWithRightPassword = await InsightGigWebFactory.SignInAsync(stranger, DemoData.Carlos.Email);
        using var claras = factory.CreateAnonymousClient();
        using var otherAccount = await InsightGigWebFactory.SignInAsync(claras, DemoData.Clara.Email);
        using var knownForAnotherAccount = await InsightGigWebFactory.SignInAsync(claras, DemoData.Carlos.Email);

        // The guesser got the minute's few tries (the owner's first sign-in, from a browser not yet known, used one), then only
        // 429s, and learnt nothing about the password.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, PerAccount - 1), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 11 - PerAccount)], guesses);
        // The owner's browser signs in all the same; nothing was locked.
        Assert.Equal(HttpStatusCode.Redirect, ownerAgain.StatusCode);
        // A browser that never signed in to the account waits out the minute like the guesser, even with the right password;
        // one known for another account is a stranger to this one.
        Assert.Equal(HttpStatusCode.TooManyRequests, strangerWithRightPassword.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, knownForAnotherAccount.StatusCode);
        // Other accounts are not affected.
        Assert.Equal(HttpStatusCode.Redirect, otherAccount.StatusCode);
    }

    [Fact]
    public async Task Spellings_that_identity_treats_as_one_account_share_one_budget()
    {
        await using var factory = new RateLimitedWebFactory(signIn: 1000, scheduling: 1000, linking: 1000, signInPerAccount: PerAccount);
        // The Kelvin sign (U+212A) normalizes to "K", so Identity finds the same account for each of these spellings.
        string[] spellings = ["kim@example.com", "\u212Aim@example.com", "KIM@example.com", "\u212AIM@example.com", "Kim@example.com "];
        var answers = new List<HttpStatusCode>();
        foreach (var spelling in spellings)
        {
            // A new browser each time: none of them is known for the account.
            using var client = factory.CreateAnonymousClient();
            using var response = await InsightGigWebFactory.SignInAsync(client, spelling, "guess");
            answers.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, PerAccount), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, spellings.Length - PerAccount)], answers);
    }

    [Fact]
    public async Task A_browser_known_before_a_security_stamp_change_is_a_stranger_after_it()
    {
        await using var factory = new RateLimitedWebFactory(signIn: 1000, scheduling: 1000, linking: 1000, signInPerAccount: PerAccount);
        using var knownBefore = await SignedInBrowserAsync(factory, DemoData.Carlos.Email);

        // A password reset changes the security stamp (Identity does it on every credential change).
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var carlos = await users.FindByNameAsync(DemoData.Carlos.Email);
            Assert.True((await users.UpdateSecurityStampAsync(carlos!)).Succeeded);
        }

        using var knownAfter = await SignedInBrowserAsync(factory, DemoData.Carlos.Email);

        using var guesser = factory.CreateAnonymousClient();
        for (var attempt = 1; attempt <= PerAccount; attempt++)
        {
            using var guess = await InsightGigWebFactory.SignInAsync(guesser, DemoData.Carlos.Email, $"guess-{attempt}");
        }

        using var fromKnownBefore = await InsightGigWebFactory.SignInAsync(knownBefore, DemoData.Carlos.Email);
        using var fromKnownAfter = await InsightGigWebFactory.SignInAsync(knownAfter, DemoData.Carlos.Email);

        // The cookie from before the change no longer passes the per-account limit; the one from after it does.
        Assert.Equal(HttpStatusCode.TooManyRequests, fromKnownBefore.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, fromKnownAfter.StatusCode);
    }
}
