using InsightGig.Domain.Integrations;

namespace InsightGig.Domain.Tests;

public sealed class AccountLinkAttemptTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Clara = Guid.NewGuid();

    private static AccountLinkAttempt Start() =>
        AccountLinkAttempt.Start(Guid.NewGuid(), Clara, "zoom", "state-256-bits", "protected-verifier", "http://127.0.0.1:5080/integrations/zoom/callback", "/Account/ConnectedApps", Now);

    [Fact]
    public void An_attempt_lives_ten_minutes()
    {
        var attempt = Start();

        Assert.Equal(Now, attempt.CreatedAtUtc);
        Assert.Equal(Now.AddMinutes(10), attempt.ExpiresAtUtc);
        Assert.Null(attempt.CompletedAtUtc);
    }

    [Fact]
    public void The_person_who_started_it_uses_it_once()
    {
        var attempt = Start();

        var first = attempt.Consume(Clara, "zoom", Now.AddMinutes(10));
        var second = attempt.Consume(Clara, "zoom", Now.AddMinutes(10));

        Assert.True(first.IsSuccess);
        Assert.Equal(Now.AddMinutes(10), attempt.CompletedAtUtc);
        Assert.Equal("link.state_used", second.FirstError.Code);
    }

    [Fact]
    public void Another_persons_or_providers_callback_is_refused_and_does_not_use_it_up()
    {
        var attempt = Start();

        Assert.Equal("link.state_mismatch", attempt.Consume(Guid.NewGuid(), "zoom", Now).FirstError.Code);
        Assert.Equal("link.state_mismatch", attempt.Consume(Clara, "google", Now).FirstError.Code);
        Assert.Equal("link.state_mismatch", attempt.Consume(Clara, "Zoom", Now).FirstError.Code);
        Assert.Null(attempt.CompletedAtUtc);
        Assert.True(attempt.Consume(Clara, "zoom", Now).IsSuccess);
    }

    [Fact]
    public void A_late_callback_expires_the_attempt_for_good()
    {
        var attempt = Start();

        var late = attempt.Consume(Clara, "zoom", Now.AddMinutes(10).AddSeconds(1));

        Assert.Equal("link.state_expired", late.FirstError.Code);
        Assert.Equal("expired", attempt.Outcome);
        Assert.Equal("link.state_used", attempt.Consume(Clara, "zoom", Now).FirstError.Code);
    }

    [Fact]
    public void Starting_needs_every_part()
    {
        Assert.Throws<ArgumentException>(() => AccountLinkAttempt.Start(Guid.NewGuid(), Guid.Empty, "zoom", "s", "v", "http://x/cb", "/", Now));
        Assert.Throws<ArgumentException>(() => AccountLinkAttempt.Start(Guid.NewGuid(), Clara, "zoom", " ", "v", "http://x/cb", "/", Now));
        Assert.Throws<ArgumentException>(() => AccountLinkAttempt.Start(Guid.NewGuid(), Clara, "zoom", "s", "", "http://x/cb", "/", Now));
        Assert.Throws<ArgumentException>(() => AccountLinkAttempt.Start(Guid.NewGuid(), Clara, "zoom", "s", "v", "", "/", Now));
    }

    [Fact]
    public void The_outcome_is_recorded()
    {
        var attempt = Start();

        attempt.RecordOutcome("linked");

        Assert.Equal("linked", attempt.Outcome);
        Assert.Throws<ArgumentException>(() => attempt.RecordOutcome(" "));
    }
}
