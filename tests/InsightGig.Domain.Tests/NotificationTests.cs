using InsightGig.Domain.Integrations;
using InsightGig.Domain.Notifications;

namespace InsightGig.Domain.Tests;

/// <summary>The outbox row's life (claim, lease, retry, failure) and when a lost connection is an incident to tell about.</summary>
public sealed class NotificationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static Notification Reminder(DateTimeOffset due) =>
        Notification.Create(Guid.NewGuid(), "reminder", "reminder:m:p:15", Guid.NewGuid(), Guid.NewGuid(), due, Now, 15);

    [Fact]
    public void A_due_notification_is_claimed_by_one_worker_until_its_lease_runs_out()
    {
        var notification = Reminder(Now);
        Assert.False(Reminder(Now.AddMinutes(1)).CanBeClaimed(Now)); // not due yet

        notification.Claim(Now, Now.AddMinutes(2));

        Assert.Equal(1, notification.Attempts);
        Assert.False(notification.CanBeClaimed(Now.AddMinutes(1)));
        Assert.Throws<InvalidOperationException>(() => notification.Claim(Now.AddMinutes(1), Now.AddMinutes(3)));
        // The worker died: after the lease another takes it, for a second try of the same message.
        Assert.True(notification.CanBeClaimed(Now.AddMinutes(2)));
        notification.Claim(Now.AddMinutes(2), Now.AddMinutes(4));
        Assert.Equal(2, notification.Attempts);
    }

    [Fact]
    public void It_is_rendered_once_so_every_try_sends_the_same_words()
    {
        var notification = Reminder(Now);
        notification.Render("clara@northwind.example", "Reminder: call", "text", "<p>html</p>");
        notification.Render("other@northwind.example", "Reminder: changed", "other", "<p>other</p>");

        Assert.Equal(("clara@northwind.example", "Reminder: call", "text"), (notification.RecipientEmail, notification.Subject, notification.TextBody));
    }

    [Fact]
    public void A_failed_try_waits_for_its_retry_a_permanent_failure_is_final_and_a_tried_one_no_longer_moves()
    {
        var notification = Reminder(Now);
        notification.Claim(Now, Now.AddMinutes(2));
        notification.TryFailed("421 try later", Now.AddMinutes(1));

        Assert.False(notification.CanBeClaimed(Now.AddSeconds(30)));
        Assert.True(notification.CanBeClaimed(Now.AddMinutes(1)));
        Assert.False(notification.MoveTo(Now.AddHours(1)));
        notification.Failed("550 no such mailbox");
        Assert.Equal((NotificationStatus.Failed, "550 no such mailbox"), (notification.Status, notification.LastError));
        Assert.False(notification.CanBeClaimed(Now.AddDays(1)));
        notification.Skip("cancelled");
        Assert.Equal(NotificationStatus.Failed, notification.Status);
    }

    [Fact]
    public void A_skipped_reminder_can_be_wanted_again_at_a_new_time()
    {
        var notification = Reminder(Now.AddHours(1));
        notification.Skip("The meeting moved too close.");
        notification.Revive(Now.AddHours(3));

        Assert.Equal((NotificationStatus.Pending, Now.AddHours(3), (string?)null), (notification.Status, notification.NextAttemptAtUtc, notification.LastError));
    }

    [Fact]
    public void A_connection_that_stops_working_raises_one_incident_until_it_is_linked_again()
    {
        var connection = ProviderConnection.Connect(Guid.NewGuid(), Guid.NewGuid(), "zoom", new("zoom-user-1", "clara@northwind.example"),
            new ProtectedTokens("access", "refresh", Now.AddHours(1), null), Now);

        connection.MarkReconnectNeeded("invalid_grant");
        connection.MarkReconnectNeeded("invalid_grant again");
        connection.Deauthorized(Now);
        var first = Assert.IsType<ConnectionLost>(Assert.Single(connection.DomainEvents));

        connection.ClearDomainEvents();
        connection.Relink(new("zoom-user-1", "clara@northwind.example"), new ProtectedTokens("access-2", "refresh-2", Now.AddHours(2), null), Now);
        connection.Deauthorized(Now);
        var second = Assert.IsType<ConnectionLost>(Assert.Single(connection.DomainEvents));
        Assert.NotEqual(first.Incident, second.Incident);

        // Disconnecting by hand is the person's own choice: nothing to tell them.
        var own = ProviderConnection.Connect(Guid.NewGuid(), Guid.NewGuid(), "zoom", new("zoom-user-2", "carlos@northwind.example"),
            new ProtectedTokens("access", "refresh", Now.AddHours(1), null), Now);
        own.Disconnect(Now);
        Assert.Empty(own.DomainEvents);
    }
}
