using InsightGig.Application.Notifications;
using InsightGig.Infrastructure.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace InsightGig.Infrastructure.Tests;

/// <summary>The notification settings an operator may give, as the app's start validates them.</summary>
public sealed class NotificationOptionsTests
{
    private static NotificationOptions Read(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNotifications(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<NotificationOptions>>().Value;
    }

    [Theory]
    [InlineData("00:00:01")]
    [InlineData("00:00:10")]
    [InlineData("00:01:00")]
    public void Every_allowed_send_poll_interval_starts_with_the_default_planning_horizon(string pollInterval)
    {
        // The horizon must be two poll intervals; a default of one minute refused a poll interval of a minute, which the
        // interval's own rule allows.
        var options = Read(new() { ["Notifications:SendPollInterval"] = pollInterval });

        Assert.True(options.ReminderPlanningHorizon >= 2 * options.SendPollInterval);
    }

    [Fact]
    public void A_planning_horizon_shorter_than_two_poll_intervals_is_refused_with_the_setting_named()
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Read(new()
        {
            ["Notifications:SendPollInterval"] = "00:00:30",
            ["Notifications:ReminderPlanningHorizon"] = "00:00:45",
        }));

        Assert.Contains("Notifications:ReminderPlanningHorizon", refused.Message, StringComparison.Ordinal);
    }
}
