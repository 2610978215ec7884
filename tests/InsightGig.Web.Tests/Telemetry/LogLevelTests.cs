using InsightGig.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InsightGig.Web.Tests.Telemetry;

/// <summary>
/// The app's default log levels (appsettings.json): a provider call writes no log line when it goes well. At
/// <c>Default: Information</c> the HTTP client factory wrote four lines per call and Polly one, ten per "Create meeting"
/// (docs/performance.md, sched3); failures (Polly's retries and time-outs, the adapters' own warnings) and the app's own
/// information still go.
/// </summary>
public sealed class LogLevelTests(InsightGigWebFactory factory) : IClassFixture<InsightGigWebFactory>
{
    [Fact]
    public void A_provider_call_that_goes_well_writes_no_line_and_failures_and_the_apps_own_information_still_do()
    {
        var loggers = factory.Services.GetRequiredService<ILoggerFactory>();
        foreach (var quiet in new[]
                 {
                     "System.Net.Http.HttpClient.ZoomMeetingProvider.LogicalHandler",
                     "System.Net.Http.HttpClient.ZoomMeetingProvider.ClientHandler",
                     "System.Net.Http.HttpClient.InsightGig.Google.Calendar.LogicalHandler",
                     "Polly",
                 })
        {
            Assert.False(loggers.CreateLogger(quiet).IsEnabled(LogLevel.Information), quiet);
        }

        Assert.True(loggers.CreateLogger("Polly").IsEnabled(LogLevel.Warning));
        Assert.True(loggers.CreateLogger("InsightGig.Infrastructure.Integrations.AccessTokenSource").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Hangfire.Server.BackgroundServerProcess").IsEnabled(LogLevel.Information));
    }
}
